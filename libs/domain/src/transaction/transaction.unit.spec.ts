import type { Person } from '../shared/actor.js';
import { specFor } from '../shared/decider.spec-helpers.js';
import type { TransactionEvent } from './transaction.events.js';
import { transactionDecider } from './transaction.decide.js';

const { given } = specFor(transactionDecider);
const now = '2026-11-25T10:00:00.000Z';
const alice: Person = { id: 'alice', role: 'analyst' };
const transactionId = 't-1';

const received: TransactionEvent = {
  type: 'TransactionReceived',
  data: {
    transactionId,
    customerId: 'c-1',
    merchantId: 'm-1',
    merchantCategory: 'electronics',
    country: 'FR',
    amount: 120,
    currency: 'EUR',
    occurredAt: now,
    receivedAt: now,
  },
};
const scored = (decision: 'APPROVE' | 'REVIEW' | 'BLOCK'): TransactionEvent => ({
  type: 'TransactionScored',
  data: {
    transactionId,
    customerId: 'c-1',
    riskScore: decision === 'BLOCK' ? 0.95 : 0.1,
    decision,
    modelVersion: 'm1',
    policyVersion: 1,
    reviewThreshold: 0.5,
    blockThreshold: 0.9,
    customerBlocked: false,
    features: {},
    reasons: [],
    scoredAt: now,
  },
});
const blockedBySystem: TransactionEvent = {
  type: 'TransactionBlocked',
  data: { transactionId, by: 'system', reason: 'risk 0.95', at: now },
};

describe('Transaction', () => {
  it('an analyst blocks an approved transaction with a reason', () => {
    given([received, scored('APPROVE')])
      .when({ type: 'BlockTransaction', reason: 'customer called', actor: alice, now })
      .then([
        {
          type: 'TransactionBlocked',
          data: { transactionId, by: 'alice', reason: 'customer called', at: now },
        },
      ]);
  });
  it('releasing a system-blocked transaction clears a false positive', () => {
    given([received, scored('BLOCK'), blockedBySystem])
      .when({ type: 'ReleaseTransaction', reason: 'verified with customer', actor: alice, now })
      .then([
        {
          type: 'TransactionReleased',
          data: { transactionId, by: 'alice', reason: 'verified with customer', at: now },
        },
      ]);
  });
  it('a blocked transaction cannot be blocked again', () => {
    given([received, scored('BLOCK'), blockedBySystem])
      .when({ type: 'BlockTransaction', reason: 'r', actor: alice, now })
      .thenThrows('INVALID_STATE', /already blocked/);
  });
  it('a transaction that is not blocked cannot be released', () => {
    given([received, scored('REVIEW')])
      .when({ type: 'ReleaseTransaction', reason: 'r', actor: alice, now })
      .thenThrows('INVALID_STATE', /IN_REVIEW, not blocked/);
  });
  it('a released transaction can be blocked again', () => {
    given([
      received,
      scored('BLOCK'),
      blockedBySystem,
      { type: 'TransactionReleased', data: { transactionId, by: 'alice', reason: 'r', at: now } },
    ])
      .when({ type: 'BlockTransaction', reason: 'chargeback', actor: alice, now })
      .then([
        { type: 'TransactionBlocked', data: { transactionId, by: 'alice', reason: 'chargeback', at: now } },
      ]);
  });
  it('blocking needs a reason', () => {
    given([received, scored('APPROVE')])
      .when({ type: 'BlockTransaction', reason: '', actor: alice, now })
      .thenThrows('BAD_USER_INPUT');
  });
  it('a chargeback that arrived before its transaction is kept when the transaction is received', () => {
    const chargeback: TransactionEvent = {
      type: 'ChargebackReported',
      data: { transactionId, customerId: 'c-1', reportedAt: now, reason: null, amount: null },
    };
    const state = [chargeback, received, scored('APPROVE')].reduce(
      transactionDecider.evolve,
      transactionDecider.initialState,
    );
    expect(state).toMatchObject({ status: 'APPROVED', chargeback: true });
  });
  it('an unknown transaction is NOT_FOUND', () => {
    given([]).when({ type: 'BlockTransaction', reason: 'r', actor: alice, now }).thenThrows('NOT_FOUND');
  });
});
