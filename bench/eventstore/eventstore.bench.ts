// Event store benchmark on PostgreSQL (same machine): single-event appends with 1 and 16 writers
// (throughput, p50/p99 latency), batched multi-stream appends (100 and 1,000 new streams x 3 events
// per call; 100 also with 4 concurrent callers), scoring-shaped calls of 2,000 transactions split
// into parts (the default) against one statement, alternating on the same pool (a ratio within one
// run), and subscription catch-up over 1M events (100k with --quick), best of two passes. Beside the rates, CPU time per event of this process and of the
// server's backends (cpu-meter.ts): the rates swing with the shared machine's load, CPU does not.
// Runs on a fresh database on DATABASE_URL's server, or on an embedded PostgreSQL it starts, and
// drops it afterwards.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  migrate,
  NO_STREAM,
  PostgresCheckpointStore,
  PostgresEventStore,
  type AppendRequest,
  type EventToAppend,
} from '#eventstore';
import { scratchDatabase } from '../scratch-database.js';
import type { BenchArea, BenchRow } from '../bench-area.js';
import { startCpuWindow } from './cpu-meter.js';

const metadata = { actor: 'system' as const, occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'bench' };

function event(n: number): EventToAppend {
  return {
    eventId: randomUUID(),
    type: 'TransactionScored',
    data: { riskScore: (n % 1000) / 1000, decision: 'APPROVE', modelVersion: 'v1', amount: 42.5 + n },
    metadata,
    schemaVersion: 1,
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function serverUrl(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => Promise.resolve() };
  const module = (await import(pathToFileURL(path.resolve('test/postgres-server.mjs')).href)) as {
    startEmbeddedPostgres: () => Promise<{ url: string; stop: () => Promise<void> }>;
  };
  return await module.startEmbeddedPostgres();
}

async function singleAppends(store: PostgresEventStore, writers: number, total: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < total) {
        const n = (next += 1);
        const t0 = performance.now();
        await store.append(`transaction-single-${randomUUID()}`, [event(n)], NO_STREAM);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

function batch(streams: number, offset: number): AppendRequest[] {
  return Array.from({ length: streams }, (_, i) => ({
    streamId: `transaction-${randomUUID()}`,
    events: [event(offset + i), event(offset + i + 1), event(offset + i + 2)],
    expected: NO_STREAM,
  }));
}

/** `callers` concurrent callers (as several Kafka partitions' consumers would), each call awaited. */
async function batchedAppends(
  store: PostgresEventStore,
  meter: () => Promise<CpuMeter>,
  streams: number,
  batches: number,
  callers = 1,
) {
  const prepared = Array.from({ length: batches }, (_, b) => batch(streams, b * streams));
  const latencies: number[] = [];
  const cpu = await meter();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < prepared.length) {
        const requests = prepared[next++]!;
        const t0 = performance.now();
        const results = await store.appendMany(requests);
        latencies.push(performance.now() - t0);
        if (results.some((result) => result.outcome !== 'appended'))
          throw new Error('a benchmark append conflicted');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = await cpu.stop();
  latencies.sort((a, b) => a - b);
  const events = streams * 3 * batches;
  return {
    eventsPerSecond: events / seconds,
    p99: percentile(latencies, 0.99),
    ...perEvent(used, events),
  };
}

/** A scored transaction as scoring appends it: TransactionReceived + TransactionScored, ~2 KB. */
function scoredTransaction(n: number): AppendRequest {
  const transactionId = randomUUID();
  const features = Object.fromEntries(
    Array.from({ length: 19 }, (_, k) => [`feature_${k}`, (n * (k + 1)) % 997]),
  );
  const reasons = [0, 1, 2].map((k) => ({
    feature: `feature_${k}`,
    description: 'Amount far above the customer usual spend',
    contribution: k / 10,
  }));
  const transaction = {
    transactionId,
    customerId: `customer-${n % 50_000}`,
    merchantId: `merchant-${n % 500}`,
    amount: 10 + (n % 900),
    currency: 'EUR',
    country: 'DE',
    channel: 'ECOM',
    occurredAt: metadata.occurredAt,
  };
  return {
    streamId: `transaction-${transactionId}`,
    expected: NO_STREAM,
    events: [
      { eventId: randomUUID(), type: 'TransactionReceived', schemaVersion: 1, data: transaction, metadata },
      {
        eventId: randomUUID(),
        type: 'TransactionScored',
        schemaVersion: 1,
        data: {
          transactionId,
          riskScore: 0.12,
          decision: 'APPROVE',
          modelVersion: 'v1',
          policyVersion: 1,
          features,
          reasons,
        },
        metadata,
      },
    ],
  };
}

/**
 * Calls of 2,000 scored transactions (scoring's slice), alternating between a store that splits
 * them (the default: 256 KiB parts, one after the other) and one that sends each call as one statement.
 */
async function splitVersusWhole(pool: pg.Pool, rounds: number) {
  const stores = {
    split: new PostgresEventStore({ pool }),
    whole: new PostgresEventStore({ pool, maxStatementBytes: Number.MAX_SAFE_INTEGER }),
  };
  const seconds = { split: 0, whole: 0 };
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['whole', 'split'] as const) {
      const requests = Array.from({ length: 2000 }, () => scoredTransaction((n += 1)));
      const started = performance.now();
      await stores[kind].appendMany(requests);
      // The first round warms connections and plans for both.
      if (round > 0) seconds[kind] += (performance.now() - started) / 1000;
    }
  }
  await Promise.all([stores.split.close(), stores.whole.close()]);
  const transactions = 2000 * (rounds - 1);
  return { split: transactions / seconds.split, whole: transactions / seconds.whole };
}

type CpuMeter = Awaited<ReturnType<typeof startCpuWindow>>;

/** CPU microseconds per event, client and server (undefined when the server's is not readable). */
function perEvent(used: { clientMs: number; serverMs: number | undefined }, events: number) {
  return {
    clientCpuUsPerEvent: (used.clientMs * 1000) / events,
    serverCpuUsPerEvent: used.serverMs === undefined ? undefined : (used.serverMs * 1000) / events,
  };
}

async function catchUp(
  store: PostgresEventStore,
  pool: pg.Pool,
  meter: () => Promise<CpuMeter>,
  total: number,
  round: number,
) {
  const seeded = await store
    .readAll('start', 1)
    .then(() => pool.query<{ n: string }>('SELECT count(*)::text AS n FROM eventstore_events'));
  let have = Number(seeded.rows[0]!.n);
  while (have < total) {
    await store.appendMany(batch(1000, have));
    have += 3000;
  }
  if (round === 0) await pool.query('VACUUM ANALYZE eventstore_events');
  let delivered = 0;
  const cpu = await meter();
  const started = performance.now();
  const subscription = store.subscribe(
    `bench-catch-up-${round}`,
    (events) => {
      delivered += events.length;
      return Promise.resolve();
    },
    { checkpoints: new PostgresCheckpointStore(pool), batchSize: 2000 },
  );
  await subscription.caughtUp;
  const seconds = (performance.now() - started) / 1000;
  await subscription.stop();
  const used = await cpu.stop();
  return { delivered, eventsPerSecond: delivered / seconds, seconds, ...perEvent(used, delivered) };
}

export const area: BenchArea = {
  name: 'eventstore',
  description: 'PostgreSQL event store: single and batched appends, p99 latency, subscription catch-up',
  async run({ quick }) {
    const server = await serverUrl();
    const database = await scratchDatabase('eventstore', server.url);
    const url = new URL(database.url);
    // No idle timeout: the CPU meter reads the backends' counters, which die with their connection.
    const pool = new pg.Pool({ connectionString: url.toString(), max: 20, idleTimeoutMillis: 0 });
    pool.on('error', (error) => console.error('idle connection failed:', error.message));
    const store = new PostgresEventStore({ pool });
    try {
      await migrate(pool);
      const meter = () => startCpuWindow(pool, database.name);
      await singleAppends(store, 4, 200); // warm-up: connections, plans
      const one = await singleAppends(store, 1, quick ? 1_000 : 5_000);
      const sixteen = await singleAppends(store, 16, quick ? 4_000 : 20_000);
      const b100 = await batchedAppends(store, meter, 100, quick ? 30 : 150);
      const b100x4 = await batchedAppends(store, meter, 100, quick ? 40 : 200, 4);
      const b1000 = await batchedAppends(store, meter, 1000, quick ? 5 : 25);
      const slices = await splitVersusWhole(pool, quick ? 3 : 8);
      // Twice, on the same log: the second pass reads a warm cache, the first may not.
      const feeds = [];
      for (const round of [0, 1])
        feeds.push(await catchUp(store, pool, meter, quick ? 100_000 : 1_000_000, round));
      const feed = feeds[0]!.eventsPerSecond >= feeds[1]!.eventsPerSecond ? feeds[0]! : feeds[1]!;
      const cpuRow = (metric: string, value: number | undefined): BenchRow[] =>
        value === undefined ? [] : [{ metric, value, unit: 'us CPU/event' }];
      const rows: BenchRow[] = [
        { metric: 'single-event appends, 1 writer', value: one.perSecond, unit: 'appends/s' },
        { metric: 'single-event append p50, 1 writer', value: one.p50, unit: 'ms' },
        { metric: 'single-event append p99, 1 writer', value: one.p99, unit: 'ms', target: '<= 5' },
        { metric: 'single-event appends, 16 writers', value: sixteen.perSecond, unit: 'appends/s' },
        { metric: 'single-event append p99, 16 writers', value: sixteen.p99, unit: 'ms' },
        {
          metric: 'batched appends, 100 streams x 3',
          value: b100.eventsPerSecond,
          unit: 'events/s',
          target: '>= 30000',
        },
        ...cpuRow('batched appends, 100 streams x 3: server CPU', b100.serverCpuUsPerEvent),
        {
          metric: 'batched appends, 100 streams x 3, 4 concurrent callers',
          value: b100x4.eventsPerSecond,
          unit: 'events/s',
          target: '>= 30000',
        },
        {
          metric: 'batched appends, 1000 streams x 3',
          value: b1000.eventsPerSecond,
          unit: 'events/s',
          target: '>= 30000',
        },
        { metric: 'batch of 1000 streams, p99 call', value: b1000.p99, unit: 'ms' },
        { metric: 'calls of 2,000 scored transactions, split (default)', value: slices.split, unit: 'tx/s' },
        { metric: 'calls of 2,000 scored transactions, one statement', value: slices.whole, unit: 'tx/s' },
        { metric: 'split / one statement', value: slices.split / slices.whole, unit: 'x' },
        {
          metric: `subscription catch-up over ${feed.delivered} events (best of 2)`,
          value: feed.eventsPerSecond,
          unit: 'events/s',
          target: '>= 100000',
        },
        ...cpuRow('catch-up: client CPU', feed.clientCpuUsPerEvent),
        ...cpuRow('catch-up: server CPU', feed.serverCpuUsPerEvent),
      ];
      return { rows, details: { one, sixteen, b100, b100x4, b1000, slices, feeds } };
    } finally {
      await store.close();
      await pool.end();
      await database.drop();
      await server.stop();
    }
  },
};
