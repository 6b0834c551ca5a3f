// Facts about one transaction, recorded on the `transaction-<transactionId>` stream.
import type { Decision, Transaction } from './transaction.js';

export interface Reason {
  /** Feature name from the model's feature spec, e.g. "amount_vs_customer_median". */
  readonly feature: string;
  /** In words an analyst understands, e.g. "amount 8.3x the customer's usual". */
  readonly description: string;
  /** Contribution to the score (model units; larger = more suspicious). */
  readonly contribution: number;
}

export type TransactionEvent =
  | { readonly type: 'TransactionReceived'; readonly data: Transaction & { readonly receivedAt: string } }
  | {
      readonly type: 'TransactionScored';
      readonly data: {
        readonly transactionId: string;
        readonly customerId: string;
        readonly riskScore: number;
        readonly decision: Decision;
        readonly modelVersion: string;
        readonly policyVersion: number;
        readonly reviewThreshold: number;
        readonly blockThreshold: number;
        readonly customerBlocked: boolean;
        readonly features: Readonly<Record<string, number>>;
        readonly reasons: readonly Reason[];
        readonly scoredAt: string;
      };
    }
  | {
      readonly type: 'FraudSuspected';
      readonly data: {
        readonly transactionId: string;
        readonly customerId: string;
        readonly alertId: string;
        readonly riskScore: number;
        readonly decision: 'REVIEW' | 'BLOCK';
        readonly suspectedAt: string;
      };
    }
  | {
      readonly type: 'TransactionBlocked';
      readonly data: {
        readonly transactionId: string;
        readonly by: string;
        readonly reason: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'TransactionReleased';
      readonly data: {
        readonly transactionId: string;
        readonly by: string;
        readonly reason: string;
        readonly at: string;
      };
    }
  | {
      /**
       * The challenger model's opinion of the same transaction, recorded beside the champion's
       * TransactionScored and never acted on: what it would have decided under the same policy
       * version and blocklist, so champion and challenger can be compared on live traffic.
       */
      readonly type: 'TransactionShadowScored';
      readonly data: {
        readonly transactionId: string;
        readonly customerId: string;
        /** The challenger's version. */
        readonly modelVersion: string;
        /** The champion that decided this transaction (its TransactionScored.modelVersion). */
        readonly championVersion: string;
        readonly riskScore: number;
        /** What the challenger would have decided (not acted on). */
        readonly decision: Decision;
        readonly policyVersion: number;
        readonly reviewThreshold: number;
        readonly blockThreshold: number;
        readonly reasons: readonly Reason[];
        readonly scoredAt: string;
      };
    }
  | {
      readonly type: 'ChargebackReported';
      readonly data: {
        readonly transactionId: string;
        readonly customerId: string;
        readonly reportedAt: string;
        readonly reason: string | null;
        readonly amount: number | null;
      };
    };

export type TransactionEventType = TransactionEvent['type'];
export const transactionStreamId = (transactionId: string): string => `transaction-${transactionId}`;
