// What an analyst may do to a transaction: block it, or release a blocked one (how a false
// positive that the system blocked is cleared). The system's own block comes from scoring.
import { actorId, type Actor } from '../shared/actor.js';
import type { Decider } from '../shared/decider.js';
import { invalidState, notFound } from '../shared/domain-error.js';
import { requiredText } from '../shared/text.js';
import type { TransactionEvent } from './transaction.events.js';

export type TransactionStatus = 'APPROVED' | 'IN_REVIEW' | 'BLOCKED' | 'RELEASED';

export type TransactionState =
  /** Nothing received yet; a chargeback can arrive before its transaction (late, out of order). */
  | { readonly status: 'NONE'; readonly chargeback?: boolean }
  | {
      readonly status: 'RECEIVED' | TransactionStatus;
      readonly transactionId: string;
      readonly chargeback: boolean;
    };

export type TransactionCommand =
  | {
      readonly type: 'BlockTransaction';
      readonly reason: string;
      readonly actor: Actor;
      readonly now: string;
    }
  | {
      readonly type: 'ReleaseTransaction';
      readonly reason: string;
      readonly actor: Actor;
      readonly now: string;
    };

export function evolveTransaction(state: TransactionState, event: TransactionEvent): TransactionState {
  switch (event.type) {
    case 'TransactionReceived':
      return {
        status: 'RECEIVED',
        transactionId: event.data.transactionId,
        chargeback: state.chargeback ?? false,
      };
    case 'TransactionScored':
      if (state.status === 'NONE') return state;
      return {
        ...state,
        status:
          event.data.decision === 'APPROVE'
            ? 'APPROVED'
            : event.data.decision === 'REVIEW'
              ? 'IN_REVIEW'
              : 'BLOCKED',
      };
    case 'FraudSuspected':
    case 'TransactionShadowScored': // an opinion never acted on: the transaction's status is unchanged
      return state;
    case 'TransactionBlocked':
      return state.status === 'NONE' ? state : { ...state, status: 'BLOCKED' };
    case 'TransactionReleased':
      return state.status === 'NONE' ? state : { ...state, status: 'RELEASED' };
    case 'ChargebackReported':
      return { ...state, chargeback: true };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export function decideTransaction(command: TransactionCommand, state: TransactionState): TransactionEvent[] {
  if (state.status === 'NONE') throw notFound('No such transaction: check the transaction id');
  const reason = requiredText('reason', command.reason);
  const { transactionId } = state;
  switch (command.type) {
    case 'BlockTransaction':
      if (state.status === 'BLOCKED') throw invalidState('Transaction is already blocked');
      if (state.status === 'RECEIVED')
        throw invalidState('Transaction is not scored yet; try again in a moment');
      return [
        {
          type: 'TransactionBlocked',
          data: { transactionId, by: actorId(command.actor), reason, at: command.now },
        },
      ];
    case 'ReleaseTransaction':
      if (state.status !== 'BLOCKED')
        throw invalidState(`Transaction is ${state.status}, not blocked: there is nothing to release`);
      return [
        {
          type: 'TransactionReleased',
          data: { transactionId, by: actorId(command.actor), reason, at: command.now },
        },
      ];
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export const transactionDecider: Decider<TransactionCommand, TransactionEvent, TransactionState> = {
  initialState: { status: 'NONE' },
  decide: decideTransaction,
  evolve: evolveTransaction,
};
