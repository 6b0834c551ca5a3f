// Backtest benchmark: the replay rate of `npm run backtest` over a recorded log. A throwaway database
// on DATABASE_URL's server (default the machine's 127.0.0.1:5432) is seeded with 1M recorded
// transactions (100k with --quick) the way scoring records them (TransactionReceived +
// TransactionScored with features and reason codes, ~1% chargebacks), scored by the committed model.
// Then: readAll alone over the same filter (the ceiling), and the backtest of a stricter policy run
// by the CLI, as `npm run backtest` runs it (backtest-cli-run.ts).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Transaction } from '#domain';
import {
  type AppendRequest,
  type EventToAppend,
  type FeedFilter,
  migrate,
  NO_STREAM,
  PostgresEventStore,
} from '#eventstore';
import {
  BACKTEST_FEED_FILTER,
  computeFeatures,
  FEATURE_COUNT,
  FEATURE_NAMES,
  InMemoryFeatureState,
  loadModel,
  type RiskModel,
} from '#ml';
import { createSimulation } from '#simulator';
import { scratchDatabase } from '../scratch-database.js';
import type { BenchArea, BenchRow } from '../bench-area.js';
import { runBacktestCli } from './backtest-cli-run.js';

const SEED_BATCH = 1_000;

const recorded = (type: string, data: object, occurredAt: string): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data: data as Record<string, unknown>,
  metadata: { actor: 'system', occurredAt, correlationId: 'bench' },
  schemaVersion: 1,
});

async function seed(store: PostgresEventStore, model: RiskModel, total: number): Promise<number> {
  const simulation = createSimulation({ seed: 42, fraudShare: 0.02 });
  const state = new InMemoryFeatureState(10_000_000);
  const { review, block } = model.metadata.thresholds;
  let events = 0;
  const inFlight = new Set<Promise<void>>();
  for (let done = 0; done < total; done += SEED_BATCH) {
    const generated = simulation.take(Math.min(SEED_BATCH, total - done));
    const batch: Transaction[] = generated.map((g) => g.transaction);
    const rows = computeFeatures(batch, state, model.encodings);
    const scores = await model.score(rows);
    const requests: AppendRequest[] = batch.map((t, k) => {
      const row = rows.subarray(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT);
      const features: Record<string, number> = {};
      for (let f = 0; f < FEATURE_COUNT; f++) features[FEATURE_NAMES[f]!] = row[f]!;
      const riskScore = Math.min(Math.max(scores[k]!, 0), 1);
      const decision = riskScore >= block ? 'BLOCK' : riskScore >= review ? 'REVIEW' : 'APPROVE';
      const reasons = model
        .explain(row, 3)
        .map((c) => ({ feature: c.feature, description: c.text, contribution: c.contribution }));
      const streamEvents = [
        recorded('TransactionReceived', { ...t, receivedAt: t.occurredAt }, t.occurredAt),
        recorded(
          'TransactionScored',
          {
            transactionId: t.transactionId,
            customerId: t.customerId,
            riskScore,
            decision,
            modelVersion: model.metadata.version,
            policyVersion: 0,
            reviewThreshold: review,
            blockThreshold: block,
            customerBlocked: false,
            features,
            reasons,
            scoredAt: t.occurredAt,
          },
          t.occurredAt,
        ),
      ];
      if (generated[k]!.label.isFraud && k % 2 === 0) {
        streamEvents.push(
          recorded(
            'ChargebackReported',
            {
              transactionId: t.transactionId,
              customerId: t.customerId,
              reportedAt: t.occurredAt,
              reason: null,
              amount: t.amount,
            },
            t.occurredAt,
          ),
        );
      }
      events += streamEvents.length;
      return { streamId: `transaction-${t.transactionId}`, events: streamEvents, expected: NO_STREAM };
    });
    // Two appends in flight: seeding is not what is measured, but it should not take all day.
    const append = store.appendMany(requests).then((results) => {
      if (results.some((r) => r.outcome !== 'appended')) throw new Error('a seeding append conflicted');
    });
    const tracked = append.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return events;
}

async function readAllAlone(
  store: PostgresEventStore,
  filter: FeedFilter,
): Promise<{ events: number; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let from = 'start';
  let events = 0;
  for (;;) {
    const page = await store.readAll(from, 5_000, filter);
    events += page.events.length;
    from = page.checkpoint;
    if (page.endOfFeed && !page.heldBack) {
      const used = process.cpuUsage(cpu);
      return { events, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    }
  }
}

export const area: BenchArea = {
  name: 'backtest',
  description: 'replay rate of npm run backtest over recorded transactions (PostgreSQL event store)',
  async run({ quick }) {
    const total = quick ? 100_000 : 1_000_000;
    const database = await scratchDatabase('backtest');
    const pool = new pg.Pool({ connectionString: database.url, max: 6 });
    const store = new PostgresEventStore({ pool });
    const modelPath = process.env.MODEL_PATH ?? 'models/current.onnx';
    const model = await loadModel(modelPath, { threads: 1 });
    try {
      await migrate(pool);
      const seedStarted = performance.now();
      const seeded = await seed(store, model, total);
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      await pool.query('VACUUM ANALYZE eventstore_events');
      // Whole events first (what the replay read before it omitted features and reasons), then with
      // the replay's own filter: the ratio of the two is this run's measure of the omission.
      const whole = await readAllAlone(store, { eventTypes: BACKTEST_FEED_FILTER.eventTypes });
      const read = await readAllAlone(store, BACKTEST_FEED_FILTER);
      const { review, block } = model.metadata.thresholds;
      // The replay as `npm run backtest` runs it: the CLI in its own process with the script's flags.
      const { report, cpuMs, flags } = await runBacktestCli(
        ['--model', modelPath, '--review', String(review * 0.8), '--block', String(block * 0.9)],
        database.url,
      );
      if (report.replayed !== total) throw new Error(`replayed ${report.replayed} of ${total} transactions`);
      const rows: BenchRow[] = [
        {
          metric: `backtest replay rate (${total.toLocaleString('en-US')} recorded tx)`,
          value: report.transactionsPerSecond,
          unit: 'tx/s',
          target: '>= 50000',
          note: `npm run backtest (node ${flags.join(' ')}): ${report.eventsRead} events read, ${report.changed.length} decisions changed, ${(report.elapsedMs / 1000).toFixed(1)} s`,
        },
        {
          metric: 'backtest per CPU-second (CLI process)',
          value: total / (cpuMs / 1000),
          unit: 'tx/cpu-s',
          note: 'the whole process, start-up and model load included; PostgreSQL not included',
        },
        {
          metric: 'readAll alone, same filter (ceiling)',
          value: (read.events / read.ms) * 1000,
          unit: 'events/s',
          note: `${read.events} events in ${(read.ms / 1000).toFixed(1)} s = ${Math.round((total / read.ms) * 1000)} tx/s`,
        },
        {
          metric: 'readAll alone per CPU-second (Node process)',
          value: total / (read.cpuMs / 1000),
          unit: 'tx/cpu-s',
          note: 'what the adapter costs before any replay work',
        },
        {
          metric: 'readAll alone, whole events (no omitted fields)',
          value: (whole.events / whole.ms) * 1000,
          unit: 'events/s',
          note: `Node ${Math.round(total / (whole.cpuMs / 1000))} tx/cpu-s; the replay's filter reads ${(whole.ms / read.ms).toFixed(2)}x faster, ${(whole.cpuMs / read.cpuMs).toFixed(2)}x less Node CPU`,
        },
        { metric: 'seeding (not the measure)', value: seeded / seedSeconds, unit: 'events/s' },
      ];
      return {
        rows,
        details: {
          model: model.metadata.version,
          transactions: total,
          events: seeded,
          changed: report.changed.length,
          live: report.live.confusion,
          candidate: report.candidate.confusion,
        },
      };
    } finally {
      await model.close();
      await store.close();
      await pool.end();
      await database.drop();
    }
  },
};
