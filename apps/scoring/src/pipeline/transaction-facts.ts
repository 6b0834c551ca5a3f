// The facts scoring records for one transaction (pure): TransactionReceived, TransactionScored and,
// when the policy says so, FraudSuspected / TransactionBlocked on `transaction-<id>`; AlertRaised on
// `alert-<transactionId>` (alertId = transactionId: one alert per suspected transaction); and the
// `decision.v1` message for payment systems. Event ids are name-based, so a retry is the same event.
import {
  type AlertEvent,
  alertStreamId,
  decideRisk,
  type Decision,
  type Reason,
  type RiskThresholds,
  type Transaction,
  type TransactionEvent,
  transactionStreamId,
} from '#domain';
import { type AppendRequest, type EventToAppend, NO_STREAM } from '#eventstore';
import type { FraudDecision } from '#messaging';
import { scoringEventId } from './event-ids.js';

/** The risk policy as of the start of a batch. */
export interface PolicySnapshot extends RiskThresholds {
  /** Version of the `risk-policy` stream the thresholds come from (0 = the model's defaults). */
  readonly version: number;
  isBlocked(customerId: string): boolean;
}

export interface ScoredTransaction {
  readonly transaction: Transaction;
  readonly riskScore: number;
  readonly features: Readonly<Record<string, number>>;
  readonly reasons: readonly Reason[];
}

export interface TransactionFacts {
  readonly transactionId: string;
  readonly decision: Decision;
  readonly transactionStream: AppendRequest;
  /** Present when the transaction is suspected (REVIEW or BLOCK). */
  readonly alertStream?: AppendRequest;
  readonly decisionMessage: FraudDecision;
}

export interface FactsContext {
  readonly policy: PolicySnapshot;
  readonly modelVersion: string;
  readonly receivedAt: string;
  readonly scoredAt: string;
}

const toAppend = (
  transactionId: string,
  event: TransactionEvent | AlertEvent,
  occurredAt: string,
): EventToAppend => ({
  eventId: scoringEventId(transactionId, event.type),
  type: event.type,
  data: event.data as unknown as Record<string, unknown>,
  metadata: { actor: 'system', occurredAt, correlationId: transactionId },
  schemaVersion: 1,
});

export function transactionFacts(scored: ScoredTransaction, context: FactsContext): TransactionFacts {
  const { transaction, features, reasons } = scored;
  const { policy, scoredAt } = context;
  // A model may answer a hair outside [0, 1] (float rounding); the contract is a probability.
  const riskScore = Math.min(Math.max(scored.riskScore, 0), 1);
  const customerBlocked = policy.isBlocked(transaction.customerId);
  const decision = decideRisk(riskScore, policy, customerBlocked);
  const id = transaction.transactionId;
  const events: TransactionEvent[] = [
    { type: 'TransactionReceived', data: { ...transaction, receivedAt: context.receivedAt } },
    {
      type: 'TransactionScored',
      data: {
        transactionId: id,
        customerId: transaction.customerId,
        riskScore,
        decision,
        modelVersion: context.modelVersion,
        policyVersion: policy.version,
        reviewThreshold: policy.reviewThreshold,
        blockThreshold: policy.blockThreshold,
        customerBlocked,
        features,
        reasons,
        scoredAt,
      },
    },
  ];
  let alertStream: AppendRequest | undefined;
  if (decision !== 'APPROVE') {
    events.push({
      type: 'FraudSuspected',
      data: {
        transactionId: id,
        customerId: transaction.customerId,
        alertId: id,
        riskScore,
        decision,
        suspectedAt: scoredAt,
      },
    });
    if (decision === 'BLOCK') {
      events.push({
        type: 'TransactionBlocked',
        data: {
          transactionId: id,
          by: 'system',
          reason: customerBlocked
            ? 'customer is on the blocklist'
            : `risk score ${riskScore.toFixed(4)} >= block threshold ${policy.blockThreshold}`,
          at: scoredAt,
        },
      });
    }
    const raised: AlertEvent = {
      type: 'AlertRaised',
      data: {
        alertId: id,
        transactionId: id,
        customerId: transaction.customerId,
        merchantId: transaction.merchantId,
        riskScore,
        decision,
        amount: transaction.amount,
        currency: transaction.currency,
        reasons: reasons.map((reason) => reason.description),
        raisedAt: scoredAt,
      },
    };
    alertStream = {
      streamId: alertStreamId(id),
      events: [toAppend(id, raised, scoredAt)],
      expected: NO_STREAM,
    };
  }
  return {
    transactionId: id,
    decision,
    transactionStream: {
      streamId: transactionStreamId(id),
      events: events.map((event) =>
        toAppend(id, event, event.type === 'TransactionReceived' ? transaction.occurredAt : scoredAt),
      ),
      expected: NO_STREAM,
    },
    alertStream,
    decisionMessage: {
      transactionId: id,
      customerId: transaction.customerId,
      decision,
      riskScore,
      modelVersion: context.modelVersion,
      policyVersion: policy.version,
      reasons: reasons.map((reason) => reason.description),
      decidedAt: scoredAt,
    },
  };
}
