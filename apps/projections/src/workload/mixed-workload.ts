// A mixed, seeded workload of domain events for the projection tests and the benchmark: scored
// transactions, alerts, analyst actions (claim, note, escalate, unassign, resolve, reopen), manual
// blocks and releases, chargebacks, threshold changes and customer blocks. Yields append batches
// (distinct streams per batch, as appendMany wants).
import { randomUUID } from 'node:crypto';
import { ANY, NO_STREAM, type Actor, type AppendRequest, type EventToAppend } from '#eventstore';

// TransactionScored as scoring records it: one value per feature of the spec (fs-1 has 19) and three
// reason codes, so reads and benchmarks handle events of the real size (about 1.3 kB of data).
const FEATURE_COUNT = 19;
const recordedFeatures = (amount: number): Record<string, number> =>
  Object.fromEntries(
    Array.from({ length: FEATURE_COUNT }, (_, k) => [
      `feature_${k}`,
      k === 0 ? Math.log1p(amount) : (amount % (k + 7)) / (k + 7),
    ]),
  );
const RECORDED_REASONS = [
  { feature: 'amount_log', description: "amount 8.3x the customer's usual", contribution: 0.42 },
  { feature: 'new_country', description: 'first payment from this country', contribution: 0.21 },
  { feature: 'tx_count_1h', description: 'many payments in the last hour', contribution: 0.12 },
];

export interface WorkloadOptions {
  readonly transactions: number;
  /** Transactions per append batch. */
  readonly batchSize?: number;
  readonly seed?: number;
  /** Time of the first transaction (ISO); later ones are 50 ms apart. */
  readonly startAt?: string;
  /** Transaction id prefix, so several workloads can share a store. */
  readonly prefix?: string;
  /**
   * A challenger version: every transaction also gets its TransactionShadowScored (a score derived
   * from the champion's, so the seeded sequence, hence the rest of the workload, is unchanged).
   */
  readonly challenger?: string;
}

const analyst = { id: 'ana', role: 'analyst' } as const;
const supervisor = { id: 'sam', role: 'supervisor' } as const;

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const event = (type: string, data: Record<string, unknown>, actor: Actor, at: string): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { actor, occurredAt: at },
  schemaVersion: 1,
});

export function* mixedWorkload(options: WorkloadOptions): Generator<AppendRequest[]> {
  const next = random(options.seed ?? 7);
  const batchSize = options.batchSize ?? 500;
  const start = Date.parse(options.startAt ?? '2025-01-01T00:00:00Z');
  const prefix = options.prefix ?? 'w';
  let policyVersion = 0;
  for (let first = 0; first < options.transactions; first += batchSize) {
    const scored: AppendRequest[] = [];
    const followUps: AppendRequest[] = [];
    for (let i = first; i < Math.min(first + batchSize, options.transactions); i += 1) {
      const id = `${prefix}${i}`;
      const at = new Date(start + i * 50).toISOString();
      const customerId = `c${Math.floor(next() * 2000)}`;
      const merchantId = `m${Math.floor(next() * 300)}`;
      const amount = Math.round((5 + next() * 900) * 100) / 100;
      const riskScore = Math.round(next() ** 3 * 1e6) / 1e6;
      const decision = riskScore >= 0.8 ? 'BLOCK' : riskScore >= 0.5 ? 'REVIEW' : 'APPROVE';
      const events = [
        event(
          'TransactionReceived',
          {
            transactionId: id,
            customerId,
            merchantId,
            merchantCategory: 'grocery',
            country: ['FR', 'DE', 'US', 'NG', 'BR'][Math.floor(next() * 5)],
            amount,
            currency: 'EUR',
            occurredAt: at,
            channel: 'ecommerce',
            receivedAt: at,
          },
          'system',
          at,
        ),
        event(
          'TransactionScored',
          {
            transactionId: id,
            customerId,
            riskScore,
            decision,
            modelVersion: 'v1',
            policyVersion,
            reviewThreshold: 0.5,
            blockThreshold: 0.8,
            customerBlocked: false,
            features: recordedFeatures(amount),
            reasons: RECORDED_REASONS,
            scoredAt: at,
          },
          'system',
          at,
        ),
      ];
      if (options.challenger !== undefined) {
        const shadowScore = Math.round(((riskScore * 7919 + i * 0.618) % 1) * 1e6) / 1e6;
        events.push(
          event(
            'TransactionShadowScored',
            {
              transactionId: id,
              customerId,
              modelVersion: options.challenger,
              championVersion: 'v1',
              riskScore: shadowScore,
              decision: shadowScore >= 0.8 ? 'BLOCK' : shadowScore >= 0.5 ? 'REVIEW' : 'APPROVE',
              policyVersion,
              reviewThreshold: 0.5,
              blockThreshold: 0.8,
              reasons: [{ feature: 'amount', description: 'large amount', contribution: 0.1 }],
              scoredAt: at,
            },
            'system',
            at,
          ),
        );
      }
      if (decision !== 'APPROVE') {
        events.push(
          event(
            'FraudSuspected',
            { transactionId: id, customerId, alertId: id, riskScore, decision, suspectedAt: at },
            'system',
            at,
          ),
        );
        scored.push({
          streamId: `alert-${id}`,
          expected: NO_STREAM,
          events: [
            event(
              'AlertRaised',
              {
                alertId: id,
                transactionId: id,
                customerId,
                merchantId,
                riskScore,
                decision,
                amount,
                currency: 'EUR',
                reasons: ['large amount'],
                raisedAt: at,
              },
              'system',
              at,
            ),
          ],
        });
        const alertEvents = analystActions(id, next(), at);
        if (alertEvents.length > 0)
          followUps.push({ streamId: `alert-${id}`, expected: ANY, events: alertEvents });
      }
      scored.push({ streamId: `transaction-${id}`, expected: NO_STREAM, events });
      const later: EventToAppend[] = [];
      if (decision === 'BLOCK' && next() < 0.3) {
        later.push(
          event(
            'TransactionReleased',
            { transactionId: id, by: 'ana', reason: 'customer called', at },
            analyst,
            at,
          ),
        );
      } else if (decision === 'REVIEW' && next() < 0.2) {
        later.push(
          event('TransactionBlocked', { transactionId: id, by: 'ana', reason: 'looks bad', at }, analyst, at),
        );
      }
      if (next() < 0.02 + riskScore * 0.2) {
        later.push(
          event(
            'ChargebackReported',
            { transactionId: id, customerId, reportedAt: at, reason: 'fraud', amount },
            'system',
            at,
          ),
        );
      }
      if (later.length > 0) followUps.push({ streamId: `transaction-${id}`, expected: ANY, events: later });
    }
    const at = new Date(start + first * 50).toISOString();
    policyVersion += 1;
    followUps.push({
      streamId: 'risk-policy',
      expected: ANY,
      events: [
        event(
          'RiskThresholdsChanged',
          {
            reviewThreshold: 0.5,
            blockThreshold: 0.8 + (policyVersion % 5) / 100,
            reason: 'tuning',
            changedBy: 'sam',
            changedAt: at,
          },
          supervisor,
          at,
        ),
      ],
    });
    const customerId = `c${Math.floor(next() * 2000)}`;
    followUps.push({
      streamId: `customer-${customerId}`,
      expected: ANY,
      events: [
        event(
          next() < 0.7 ? 'CustomerBlocked' : 'CustomerUnblocked',
          { customerId, reason: 'ring', by: 'sam', at },
          supervisor,
          at,
        ),
      ],
    });
    yield scored;
    yield followUps;
  }
}

function analystActions(alertId: string, roll: number, at: string): EventToAppend[] {
  const claimed = event('AlertClaimed', { alertId, assignee: 'ana', claimedAt: at }, analyst, at);
  const resolve = (disposition: string) =>
    event('AlertResolved', { alertId, disposition, note: 'checked', by: 'ana', resolvedAt: at }, analyst, at);
  if (roll < 0.3) return [];
  if (roll < 0.4) return [claimed];
  if (roll < 0.5)
    return [
      claimed,
      event('AlertUnassigned', { alertId, previousAssignee: 'ana', by: 'ana', at }, analyst, at),
    ];
  if (roll < 0.6)
    return [claimed, event('AlertEscalated', { alertId, reason: 'big', by: 'ana', at }, analyst, at)];
  if (roll < 0.75)
    return [
      claimed,
      event('AlertNoteAdded', { alertId, note: 'called bank', author: 'ana', at }, analyst, at),
      resolve('CONFIRMED_FRAUD'),
    ];
  if (roll < 0.9) return [claimed, resolve('FALSE_POSITIVE')];
  if (roll < 0.95) return [claimed, resolve('INCONCLUSIVE')];
  return [
    claimed,
    resolve('CONFIRMED_FRAUD'),
    event('AlertReopened', { alertId, reason: 'second look', by: 'sam', at }, supervisor, at),
  ];
}

/** Appends a workload batch by batch; returns the number of events appended. */
export async function appendWorkload(
  store: { appendMany(requests: readonly AppendRequest[]): Promise<unknown> },
  options: WorkloadOptions,
): Promise<number> {
  let events = 0;
  for (const batch of mixedWorkload(options)) {
    await store.appendMany(batch);
    events += batch.reduce((sum, request) => sum + request.events.length, 0);
  }
  return events;
}
