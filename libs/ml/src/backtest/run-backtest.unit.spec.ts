// The backtest's bookkeeping over the in-memory event store, with a transparent stand-in model
// (score = amount / 1000) so each expected decision can be read off the fixture. The real model
// and the PostgreSQL store are exercised in apps/scoring/src/backtest/backtest-vs-live.int.spec.ts.
import { randomUUID } from 'node:crypto';
import type { Decision, Transaction } from '#domain';
import { ANY, type EventToAppend, InMemoryEventStore } from '#eventstore';
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/feature-spec.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { aTransaction, at } from '../testing/transactions.spec-helpers.js';
import { type BacktestModel, runBacktest } from './run-backtest.js';

const standIn: BacktestModel = {
  metadata: {
    version: 'stand-in',
    modelType: 'amount',
    thresholds: { review: 0.5, block: 0.9 },
  } as ModelMetadata,
  encodings: { prior: 0, category: {}, country: {}, merchant: {} },
  score: (rows) => {
    const scores = new Float32Array(rows.length / FEATURE_COUNT);
    for (let r = 0; r < scores.length; r++)
      scores[r] = Math.expm1(rows[r * FEATURE_COUNT + FEATURE_INDEX.amount_log]!) / 1000;
    return Promise.resolve(scores);
  },
  explain: () => [{ feature: 'amount_log', contribution: 1, text: 'large amount' }],
};

const event = (type: string, data: object, occurredAt: string): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data: data as Record<string, unknown>,
  metadata: { actor: 'system', occurredAt },
  schemaVersion: 1,
});

const base = '2025-03-01T12:00:00.000Z';
const received = (t: Transaction) =>
  event('TransactionReceived', { ...t, receivedAt: t.occurredAt }, t.occurredAt);
const scored = (t: Transaction, decision: Decision, riskScore: number) =>
  event(
    'TransactionScored',
    {
      transactionId: t.transactionId,
      customerId: t.customerId,
      riskScore,
      decision,
      modelVersion: 'live-1',
      policyVersion: 3,
      reviewThreshold: 0.5,
      blockThreshold: 0.9,
      customerBlocked: false,
      features: {},
      reasons: [{ feature: 'tx_count_1h', description: 'many payments in the last hour', contribution: 0.7 }],
      scoredAt: t.occurredAt,
    },
    t.occurredAt,
  );

async function recorded(transactions: readonly { t: Transaction; live?: [Decision, number] }[]) {
  const store = new InMemoryEventStore();
  for (const { t, live } of transactions) {
    await store.append(
      `transaction-${t.transactionId}`,
      [received(t), ...(live ? [scored(t, ...live)] : [])],
      ANY,
    );
  }
  return store;
}

describe('runBacktest', () => {
  it('lists a changed decision with both scores and both sides reason codes, even when pages split a transaction from its score', async () => {
    const small = aTransaction({ amount: 100, occurredAt: base });
    const large = aTransaction({ amount: 700, occurredAt: at(base, 60) });
    const store = await recorded([
      { t: small, live: ['APPROVE', 0.1] },
      { t: large, live: ['APPROVE', 0.2] },
    ]);
    for (const pageSize of [1, 2, 5_000]) {
      const { report } = await runBacktest(store, standIn, { pageSize });
      expect(report.changed).toEqual([
        {
          transactionId: large.transactionId,
          customerId: large.customerId,
          occurredAt: large.occurredAt,
          amount: 700,
          currency: 'EUR',
          label: 'none',
          live: {
            riskScore: 0.2,
            decision: 'APPROVE',
            modelVersion: 'live-1',
            policyVersion: 3,
            reasons: [
              { feature: 'tx_count_1h', description: 'many payments in the last hour', contribution: 0.7 },
            ],
          },
          candidate: {
            riskScore: expect.closeTo(0.7, 5) as number,
            decision: 'REVIEW',
            reasons: [{ feature: 'amount_log', description: 'large amount', contribution: 1 }],
          },
        },
      ]);
      expect(report.transitions.APPROVE).toEqual({ APPROVE: 1, REVIEW: 1, BLOCK: 0 });
    }
  });

  it('a transaction never scored live is decided by the candidate and counted apart', async () => {
    const store = await recorded([{ t: aTransaction({ amount: 950 }) }]);
    const { report } = await runBacktest(store, standIn);
    expect(report.notScoredLive).toBe(1);
    expect(report.candidate.decisions).toEqual({ APPROVE: 0, REVIEW: 0, BLOCK: 1 });
    expect(report.live.transactions).toBe(0);
    expect(report.changed).toEqual([]);
  });

  it('a reopened alert loses its disposition until it is resolved again; a chargeback wins over a disposition', async () => {
    const reopened = aTransaction({ amount: 600 });
    const charged = aTransaction({ amount: 600 });
    const store = await recorded([
      { t: reopened, live: ['REVIEW', 0.6] },
      { t: charged, live: ['REVIEW', 0.6] },
    ]);
    const resolved = (id: string, disposition: string) =>
      event('AlertResolved', { alertId: id, disposition, note: 'n', by: 'alice', resolvedAt: base }, base);
    await store.append(
      `alert-${reopened.transactionId}`,
      [
        resolved(reopened.transactionId, 'FALSE_POSITIVE'),
        event('AlertReopened', { alertId: reopened.transactionId, reason: 'r', by: 'sue', at: base }, base),
      ],
      ANY,
    );
    await store.append(
      `alert-${charged.transactionId}`,
      [resolved(charged.transactionId, 'FALSE_POSITIVE')],
      ANY,
    );
    await store.append(
      `transaction-${charged.transactionId}`,
      [
        event(
          'ChargebackReported',
          {
            transactionId: charged.transactionId,
            customerId: 'c-1',
            reportedAt: base,
            reason: null,
            amount: null,
          },
          base,
        ),
      ],
      ANY,
    );
    const { report } = await runBacktest(store, standIn, { costs: { falsePositive: 1, falseNegative: 10 } });
    expect(report.labels).toEqual({ fraud: 1, legit: 0, unknown: 0, none: 1 });
    expect(report.live.confusion).toEqual({
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 0,
      trueNegatives: 0,
    });
    expect(report.live.expectedCost).toBe(1);
    expect(report.live.precision).toBe(0.5);
  });

  it('uses the given thresholds instead of the model suggestion and reports blocked amounts per currency', async () => {
    const store = await recorded([
      { t: aTransaction({ amount: 400, currency: 'EUR' }), live: ['APPROVE', 0.4] },
      { t: aTransaction({ amount: 450, currency: 'USD' }), live: ['APPROVE', 0.45] },
    ]);
    const { report } = await runBacktest(store, standIn, {
      thresholds: { reviewThreshold: 0.1, blockThreshold: 0.3 },
    });
    expect(report.candidate.blockedAmount).toEqual({ EUR: 400, USD: 450 });
    expect(report.live.blockedAmount).toEqual({});
    expect(report.candidate.alertsPerDay).toEqual({ '2025-03-01': 2 });
  });
});
