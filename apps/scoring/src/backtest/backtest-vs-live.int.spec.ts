/**
 * @jest-environment ./libs/ml/src/testing/onnx-test-environment.mjs
 */
// The backtest against the real thing: the same fixed workload is scored live twice by the real
// pipeline into real PostgreSQL event stores, once under the model's thresholds (A) and once under
// stricter ones (B). A backtest of B over A's log must report exactly B's live decisions and scores,
// change exactly the transactions A and B decided differently, count labels as recorded, and write
// nothing to the log it reads.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Decision, RISK_POLICY_STREAM, type RiskThresholds } from '#domain';
import { ANY, type EventToAppend, migrate, PostgresEventStore, type RecordedEvent } from '#eventstore';
import { InMemoryTransactionBus } from '#messaging';
import { loadModel, type RiskModel, runBacktest } from '#ml';
import { createSimulation } from '#simulator';
import { createTestDatabase, type TestDatabase } from '#testing';
import { InMemoryCustomerStateStore } from '../state/in-memory-customer-state-store.js';
import { buildPipeline, toBatches } from '../testing/scoring-harness.js';
import { loadScoringModel } from '../model/scoring-model.js';
import { ensureTestModel } from '../testing/test-model.js';

const WORKLOAD = createSimulation({ seed: 31, fraudShare: 0.05, start: new Date('2025-04-01T00:00:00Z') })
  .take(4_000)
  .map(({ transaction }) => transaction);

interface Run {
  readonly database: TestDatabase;
  readonly pool: pg.Pool;
  readonly store: PostgresEventStore;
  readonly decisions: Map<string, { decision: Decision; riskScore: number }>;
}

const systemEvent = (type: string, data: Record<string, unknown>, occurredAt: string): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { actor: 'system', occurredAt },
  schemaVersion: 1,
});

async function liveRun(modelPath: string, name: string, thresholds?: RiskThresholds): Promise<Run> {
  const database = await createTestDatabase(`backtest_${name}`);
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  await migrate(pool);
  const store = new PostgresEventStore({ pool });
  if (thresholds) {
    const at = '2025-03-31T00:00:00.000Z';
    await store.append(
      RISK_POLICY_STREAM,
      [
        systemEvent(
          'RiskThresholdsChanged',
          { ...thresholds, reason: 'stricter', changedBy: 'sue', changedAt: at },
          at,
        ),
      ],
      ANY,
    );
  }
  const model = await loadScoringModel(modelPath);
  const pipeline = buildPipeline({
    store,
    bus: new InMemoryTransactionBus(),
    stateStore: new InMemoryCustomerStateStore(),
    model,
  });
  for (const batch of toBatches(WORKLOAD, 250)) await pipeline.handleTransactions(batch);
  await model.close();
  const decisions = new Map(
    (await scoredEvents(store)).map((event) => {
      const data = event.data as { transactionId: string; decision: Decision; riskScore: number };
      return [data.transactionId, { decision: data.decision, riskScore: data.riskScore }] as const;
    }),
  );
  return { database, pool, store, decisions };
}

/** Every TransactionScored, waiting out events held back behind other sessions' transactions. */
async function scoredEvents(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  let from = 'start';
  for (;;) {
    const page = await store.readAll(from, 5_000, { eventTypes: ['TransactionScored'] });
    found.push(...page.events);
    from = page.checkpoint;
    if (page.endOfFeed && !page.heldBack) return found;
    if (page.endOfFeed) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function eventCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore_events');
  return Number(rows[0]!.n);
}

describe('backtest against live runs (PostgreSQL event store)', () => {
  let modelPath: string;
  let model: RiskModel;
  let strict: RiskThresholds;
  let runA: Run;
  let runB: Run;

  beforeAll(async () => {
    modelPath = await ensureTestModel();
    model = await loadModel(modelPath);
    const { review, block } = model.metadata.thresholds;
    strict = { reviewThreshold: review / 2, blockThreshold: (review + block) / 2 };
    runA = await liveRun(modelPath, 'a');
    runB = await liveRun(modelPath, 'b', strict);
  }, 240_000);

  afterAll(async () => {
    await model?.close();
    for (const run of [runA, runB]) {
      if (!run) continue;
      await run.store.close();
      await run.pool.end();
      await run.database.drop();
    }
  });

  it('a backtest of a stricter threshold on recorded traffic reports exactly the decisions a live run with that threshold produces', async () => {
    expect(runA.decisions.size).toBe(WORKLOAD.length);
    expect(runB.decisions.size).toBe(WORKLOAD.length);
    const changedLive = WORKLOAD.filter(
      (t) => runA.decisions.get(t.transactionId)!.decision !== runB.decisions.get(t.transactionId)!.decision,
    ).map((t) => t.transactionId);
    expect(changedLive.length).toBeGreaterThan(0); // the stricter policy really decides differently

    const before = await eventCount(runA.pool);
    const progress: number[] = [];
    const { report, records } = await runBacktest(runA.store, model, {
      thresholds: strict,
      pageSize: 700,
      onProgress: (p) => progress.push(p.replayed),
    });

    expect(records).toHaveLength(WORKLOAD.length);
    for (const record of records) {
      const live = runB.decisions.get(record.transaction.transactionId)!;
      expect({
        id: record.transaction.transactionId,
        decision: record.candidateDecision,
        riskScore: record.candidateScore,
      }).toEqual({
        id: record.transaction.transactionId,
        ...live,
      });
    }
    expect(report.changed.map((change) => change.transactionId).sort()).toEqual(changedLive.sort());
    for (const change of report.changed) {
      expect(change.live.decision).toBe(runA.decisions.get(change.transactionId)!.decision);
      expect(change.candidate.decision).toBe(runB.decisions.get(change.transactionId)!.decision);
      expect(change.live.modelVersion).toBe(model.metadata.version);
    }
    const count = (run: Run, decision: Decision) =>
      [...run.decisions.values()].filter((d) => d.decision === decision).length;
    expect(report.candidate.decisions).toEqual({
      APPROVE: count(runB, 'APPROVE'),
      REVIEW: count(runB, 'REVIEW'),
      BLOCK: count(runB, 'BLOCK'),
    });
    expect(report.live.decisions).toEqual({
      APPROVE: count(runA, 'APPROVE'),
      REVIEW: count(runA, 'REVIEW'),
      BLOCK: count(runA, 'BLOCK'),
    });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(WORKLOAD.length);
    expect(await eventCount(runA.pool)).toBe(before);
  }, 120_000);
  it('a window replays only its transactions, with features warmed by the history before it', async () => {
    const times = WORKLOAD.map((t) => Date.parse(t.occurredAt)).sort((a, b) => a - b);
    const from = times[Math.floor(times.length / 2)]!;
    const to = times[Math.floor((times.length * 3) / 4)]!;
    const inWindow = WORKLOAD.filter(
      (t) => Date.parse(t.occurredAt) >= from && Date.parse(t.occurredAt) < to,
    );
    const { report, records } = await runBacktest(runA.store, model, { thresholds: strict, from, to });
    expect(records.map((r) => r.transaction.transactionId).sort()).toEqual(
      inWindow.map((t) => t.transactionId).sort(),
    );
    for (const record of records) {
      expect(record.candidateDecision).toBe(runB.decisions.get(record.transaction.transactionId)!.decision);
    }
    expect(report.warmedUp).toBe(WORKLOAD.filter((t) => Date.parse(t.occurredAt) < from).length);
    expect(report.window).toEqual({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  }, 60_000);

  it('counts dispositions and chargebacks as labels in both confusion matrices and in the expected cost', async () => {
    const ids = WORKLOAD.map((t) => t.transactionId);
    const flaggedA = ids.filter((id) => runA.decisions.get(id)!.decision !== 'APPROVE');
    const chargebacks = ids.filter((_, k) => k % 97 === 0);
    const confirmed = flaggedA.slice(0, 10);
    const falsePositive = flaggedA.slice(10, 25);
    const inconclusive = flaggedA.slice(25, 30);
    const at = '2025-05-01T00:00:00.000Z';
    const resolved = (id: string, disposition: string) => ({
      streamId: `alert-${id}`,
      events: [
        systemEvent(
          'AlertResolved',
          { alertId: id, disposition, note: 'checked', by: 'alice', resolvedAt: at },
          at,
        ),
      ],
      expected: ANY,
    });
    await runA.store.appendMany([
      ...chargebacks.map((id) => ({
        streamId: `transaction-${id}`,
        events: [
          systemEvent(
            'ChargebackReported',
            { transactionId: id, customerId: 'c', reportedAt: at, reason: null, amount: null },
            at,
          ),
        ],
        expected: ANY,
      })),
      ...confirmed.filter((id) => !chargebacks.includes(id)).map((id) => resolved(id, 'CONFIRMED_FRAUD')),
      ...falsePositive.filter((id) => !chargebacks.includes(id)).map((id) => resolved(id, 'FALSE_POSITIVE')),
      ...inconclusive.filter((id) => !chargebacks.includes(id)).map((id) => resolved(id, 'INCONCLUSIVE')),
    ]);
    const labelOf = (id: string) =>
      chargebacks.includes(id) || confirmed.includes(id)
        ? 'fraud'
        : inconclusive.includes(id)
          ? 'unknown'
          : 'legit';
    const expected = (run: Run) => {
      const m = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
      for (const id of ids) {
        const label = labelOf(id);
        if (label === 'unknown') continue;
        const flagged = run.decisions.get(id)!.decision !== 'APPROVE';
        if (label === 'fraud') m[flagged ? 'truePositives' : 'falseNegatives']++;
        else m[flagged ? 'falsePositives' : 'trueNegatives']++;
      }
      return m;
    };
    const costs = { falsePositive: 3, falseNegative: 70 };
    const { report } = await runBacktest(runA.store, model, { thresholds: strict, costs });
    expect(report.live.confusion).toEqual(expected(runA));
    expect(report.candidate.confusion).toEqual(expected(runB));
    const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = expected(runB);
    expect(report.candidate.precision).toBeCloseTo(tp / (tp + fp), 12);
    expect(report.candidate.recall).toBeCloseTo(tp / (tp + fn), 12);
    expect(report.candidate.expectedCost).toBe(fp * 3 + fn * 70);
    expect(report.labels.unknown).toBe(inconclusive.filter((id) => !chargebacks.includes(id)).length);
    const alertsB = ids.filter((id) => runB.decisions.get(id)!.decision !== 'APPROVE').length;
    expect(Object.values(report.candidate.alertsPerDay).reduce((a, b) => a + b, 0)).toBe(alertsB);
    const blockedB = WORKLOAD.filter((t) => runB.decisions.get(t.transactionId)!.decision === 'BLOCK');
    const currencies = new Set(blockedB.map((t) => t.currency));
    for (const currency of currencies) {
      const sum = blockedB.filter((t) => t.currency === currency).reduce((a, t) => a + t.amount, 0);
      expect(report.candidate.blockedAmount[currency]).toBeCloseTo(sum, 1);
    }
  }, 60_000);
});
