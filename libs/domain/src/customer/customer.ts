// The customer blocklist, one `customer-<customerId>` stream per customer. A blocked customer's
// transactions are BLOCK whatever their score.
import { isSupervisor, type Person } from '../shared/actor.js';
import type { Decider } from '../shared/decider.js';
import { forbidden, invalidState } from '../shared/domain-error.js';
import { requiredText } from '../shared/text.js';

export type CustomerEvent =
  | {
      readonly type: 'CustomerBlocked';
      readonly data: {
        readonly customerId: string;
        readonly reason: string;
        readonly by: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'CustomerUnblocked';
      readonly data: {
        readonly customerId: string;
        readonly reason: string;
        readonly by: string;
        readonly at: string;
      };
    };

export type CustomerState = { readonly blocked: boolean };

export type CustomerCommand =
  | {
      readonly type: 'BlockCustomer';
      readonly customerId: string;
      readonly reason: string;
      readonly actor: Person;
      readonly now: string;
    }
  | {
      readonly type: 'UnblockCustomer';
      readonly customerId: string;
      readonly reason: string;
      readonly actor: Person;
      readonly now: string;
    };

export const customerStreamId = (customerId: string): string => `customer-${customerId}`;

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: { blocked: false },
  evolve: (_state, event) => ({ blocked: event.type === 'CustomerBlocked' }),
  decide: (command, state) => {
    const reason = requiredText('reason', command.reason);
    const data = { customerId: command.customerId, reason, by: command.actor.id, at: command.now };
    switch (command.type) {
      case 'BlockCustomer':
        if (state.blocked) throw invalidState(`Customer ${command.customerId} is already blocked`);
        return [{ type: 'CustomerBlocked', data }];
      case 'UnblockCustomer':
        if (!isSupervisor(command.actor)) throw forbidden('Only a supervisor may unblock a customer');
        if (!state.blocked) throw invalidState(`Customer ${command.customerId} is not blocked`);
        return [{ type: 'CustomerUnblocked', data }];
      default: {
        const unhandled: never = command;
        return unhandled;
      }
    }
  },
};
