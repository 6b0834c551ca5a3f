import type { Person } from '../shared/actor.js';
import { specFor } from '../shared/decider.spec-helpers.js';
import { type CustomerEvent, customerDecider } from './customer.js';

const { given } = specFor(customerDecider);
const now = '2026-11-25T10:00:00.000Z';
const alice: Person = { id: 'alice', role: 'analyst' };
const sue: Person = { id: 'sue', role: 'supervisor' };
const blocked: CustomerEvent = {
  type: 'CustomerBlocked',
  data: { customerId: 'c-1', reason: 'account takeover', by: 'alice', at: now },
};

describe('Customer blocklist', () => {
  it('an analyst blocks a customer with a reason', () => {
    given([])
      .when({ type: 'BlockCustomer', customerId: 'c-1', reason: 'account takeover', actor: alice, now })
      .then([blocked]);
  });
  it('a blocked customer cannot be blocked again', () => {
    given([blocked])
      .when({ type: 'BlockCustomer', customerId: 'c-1', reason: 'again', actor: alice, now })
      .thenThrows('INVALID_STATE');
  });
  it('only a supervisor unblocks', () => {
    given([blocked])
      .when({ type: 'UnblockCustomer', customerId: 'c-1', reason: 'cleared', actor: alice, now })
      .thenThrows('FORBIDDEN');
    given([blocked])
      .when({ type: 'UnblockCustomer', customerId: 'c-1', reason: 'cleared', actor: sue, now })
      .then([
        { type: 'CustomerUnblocked', data: { customerId: 'c-1', reason: 'cleared', by: 'sue', at: now } },
      ]);
  });
  it('a customer who is not blocked cannot be unblocked', () => {
    given([])
      .when({ type: 'UnblockCustomer', customerId: 'c-1', reason: 'r', actor: sue, now })
      .thenThrows('INVALID_STATE');
  });
});
