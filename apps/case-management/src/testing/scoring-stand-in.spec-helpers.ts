// What scoring appends to the event store (apps/scoring transaction-facts.ts, ingest's
// chargebacks), written the same way for API tests: the facts of a scored transaction on
// `transaction-<id>`, its alert on `alert-<id>` (both NO_STREAM, one appendMany), and chargebacks.
import { randomUUID } from 'node:crypto';
import { alertStreamId, transactionStreamId } from '#domain';
import { ANY, NO_STREAM, type AppendRequest, type EventStore } from '#eventstore';

export interface ScoredTransactionFixture {
  transactionId?: string;
  customerId?: string;
  merchantId?: string;
  country?: string;
  riskScore?: number;
  amount?: number;
  /** When it happened and was scored (ISO-8601); default now. */
  at?: string;
}

const REASONS = [
  { feature: 'amount_vs_customer_median', description: 'amount 8x the usual', contribution: 1.2 },
];

function envelope(type: string, data: Record<string, unknown>, at: string, correlationId: string) {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: { actor: 'system' as const, occurredAt: at, correlationId },
    schemaVersion: 1,
  };
}

async function appendAll(store: EventStore, requests: AppendRequest[]): Promise<void> {
  const refused = (await store.appendMany(requests)).find((result) => result.outcome === 'conflict');
  if (refused) throw new Error(`scoring stand-in: ${refused.streamId} is not where expected`);
}

/**
 * Scoring's facts for one transaction: decision BLOCK (score >= 0.9, with TransactionBlocked by the
 * system), REVIEW (>= `reviewThreshold`) raising an alert, else APPROVE. Returns the transaction id,
 * which is also the alert id.
 */
export async function recordScoredTransaction(
  store: EventStore,
  fixture: ScoredTransactionFixture = {},
  { reviewThreshold = 0.5 }: { reviewThreshold?: number } = {},
): Promise<string> {
  const {
    transactionId = randomUUID(),
    customerId = 'c-1',
    merchantId = 'm-1',
    country = 'FR',
    riskScore = 0.93,
    amount = 950,
    at = new Date().toISOString(),
  } = fixture;
  const event = (type: string, data: Record<string, unknown>) => envelope(type, data, at, transactionId);
  const decision = riskScore >= 0.9 ? 'BLOCK' : riskScore >= reviewThreshold ? 'REVIEW' : 'APPROVE';
  const facts = [
    event('TransactionReceived', {
      transactionId,
      customerId,
      merchantId,
      merchantCategory: 'electronics',
      country,
      amount,
      currency: 'EUR',
      channel: 'online',
      occurredAt: at,
      receivedAt: at,
    }),
    event('TransactionScored', {
      transactionId,
      customerId,
      riskScore,
      decision,
      modelVersion: 'test',
      policyVersion: 0,
      reviewThreshold,
      blockThreshold: 0.9,
      customerBlocked: false,
      features: { amount_vs_customer_median: 8 },
      reasons: REASONS,
      scoredAt: at,
    }),
  ];
  if (decision === 'APPROVE') {
    await appendAll(store, [
      { streamId: transactionStreamId(transactionId), expected: NO_STREAM, events: facts },
    ]);
    return transactionId;
  }
  facts.push(
    event('FraudSuspected', {
      transactionId,
      customerId,
      alertId: transactionId,
      riskScore,
      decision,
      suspectedAt: at,
    }),
  );
  if (decision === 'BLOCK') {
    facts.push(
      event('TransactionBlocked', {
        transactionId,
        by: 'system',
        reason: `risk score ${riskScore.toFixed(4)} >= block threshold 0.9`,
        at,
      }),
    );
  }
  const raised = event('AlertRaised', {
    alertId: transactionId,
    transactionId,
    customerId,
    merchantId,
    riskScore,
    decision,
    amount,
    currency: 'EUR',
    reasons: REASONS.map((reason) => reason.description),
    raisedAt: at,
  });
  await appendAll(store, [
    { streamId: transactionStreamId(transactionId), expected: NO_STREAM, events: facts },
    { streamId: alertStreamId(transactionId), expected: NO_STREAM, events: [raised] },
  ]);
  return transactionId;
}

/**
 * A suspicious transaction and its alert, whatever the score: BLOCK from 0.9, else REVIEW (below 0.5
 * as if the review threshold was lower when it was scored). Returns the alert id.
 */
export const raiseAlert = (store: EventStore, fixture: ScoredTransactionFixture = {}): Promise<string> =>
  recordScoredTransaction(store, fixture, { reviewThreshold: Math.min(0.5, fixture.riskScore ?? 0.93) });

/** A chargeback, as scoring records it from the `chargebacks` topic: late ground truth of fraud. */
export async function reportChargeback(
  store: EventStore,
  transactionId: string,
  at = new Date().toISOString(),
): Promise<void> {
  await appendAll(store, [
    {
      streamId: transactionStreamId(transactionId),
      expected: ANY,
      events: [
        envelope(
          'ChargebackReported',
          { transactionId, customerId: null, reportedAt: at, reason: 'card holder dispute', amount: null },
          at,
          transactionId,
        ),
      ],
    },
  ]);
}
