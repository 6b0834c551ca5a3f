// The projections at the feed's head, for A/B comparisons of builds (docs/BENCHMARKS.md,
// "Projections"): a fresh database `steady_lag` on DATABASE_URL's server (default the local one),
// PRE transactions (default 20,000) appended and projected first, then 5,000 transactions/s for DUR
// seconds (default 20) appended by a worker thread in calls of 200 streams, while every
// projection runs on one shared feed (pages of up to 5,000 events at the head, as the bench). Prints
// the lag from each append call's return to the commit of the projection batch that applied its
// events (p50 / p99 / max, and for the events appended after the first 6 s), the same from
// recorded_at, the appends' own
// time, and the CPU of this process and of every PostgreSQL process. Runs the build in dist/.
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { migrate, PostgresEventStore } from '#eventstore';
import { migrateReadModel } from '#read-model';
import { ALL_PROJECTIONS } from '../dist/apps/projections/src/projection/all-projections.js';
import { ProjectionFeed } from '../dist/apps/projections/src/runner/projection-feed.js';
import { ProjectionRunner } from '../dist/apps/projections/src/runner/projection-runner.js';
import { mixedWorkload } from '../dist/apps/projections/src/workload/mixed-workload.js';
import { postgresCpuSeconds } from '../dist/bench/e2e/processes.js';
import { databaseUrl, DEFAULT_DATABASE_URL, onServer } from '../dist/bench/scratch-database.js';

const server = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const rate = 5000;
const seconds = Number(process.env.DUR ?? 20);
const before = Number(process.env.PRE ?? 20000);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const describe = (sorted) =>
  `p50 ${percentile(sorted, 0.5)} p99 ${percentile(sorted, 0.99)} max ${sorted.at(-1)} ms`;

await onServer(server, 'DROP DATABASE IF EXISTS steady_lag WITH (FORCE)');
await onServer(server, 'CREATE DATABASE steady_lag');
const url = databaseUrl(server, 'steady_lag');
const pool = new pg.Pool({ connectionString: url, max: 8 });
await migrate(pool);
await migrateReadModel(url);
const store = PostgresEventStore.connect(url, { max: 6 });
for (const batch of mixedWorkload({ transactions: before, batchSize: 2000, prefix: 'p' })) {
  await store.appendMany(batch);
}
/** Every event applied: [eventId, the batch's commit time, recorded_at]. */
const applied = [];
const runners = ALL_PROJECTIONS.map(
  (projection) =>
    new ProjectionRunner(projection, store, pool, {
      onCommitted: (_name, batch) => {
        for (const event of batch.events) {
          applied.push([event.eventId, batch.committedAt, Date.parse(event.recordedAt)]);
        }
      },
    }),
);
const feed = new ProjectionFeed(store, runners, { batchSize: 5000, pollIntervalMs: 200 });
feed.start();
await Promise.all(runners.map((runner) => runner.caughtUp));

const returned = new Map();
const appendMs = [];
const cpuAtStart = process.cpuUsage();
const postgresAtStart = postgresCpuSeconds();
const started = Date.now();
const load = new Worker(new URL('./projections-steady-appender.mjs', import.meta.url), {
  workerData: { url, rate, seconds },
});
const done = await new Promise((resolve, reject) => {
  load.on('message', (message) => {
    if (message.eventIds) {
      for (const eventId of message.eventIds) returned.set(eventId, message.returnedAt);
      appendMs.push(message.returnedAt - message.startedAt);
    } else resolve(message);
  });
  load.once('error', reject);
});
await new Promise((resolve) => setTimeout(resolve, 2000));
const elapsed = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const postgres = postgresCpuSeconds() - postgresAtStart;
await feed.stop();
await store.close();
await pool.end();
await onServer(server, 'DROP DATABASE IF EXISTS steady_lag WITH (FORCE)');

const fromReturn = [];
const late = [];
const fromRecordedAt = [];
for (const [eventId, committedAt, recordedAt] of applied) {
  const at = returned.get(eventId);
  if (at === undefined) continue; // projected before the load
  fromReturn.push(committedAt - at);
  fromRecordedAt.push(committedAt - recordedAt);
  if (at - started > 6000) late.push(committedAt - at);
}
for (const list of [fromReturn, late, fromRecordedAt, appendMs]) list.sort((a, b) => a - b);
console.log(`appended ${(done.appended / done.seconds).toFixed(0)} tx/s`);
console.log(`lag from the append's return: ${describe(fromReturn)}; after the first 6 s: ${describe(late)}`);
console.log(`lag from recorded_at: ${describe(fromRecordedAt)}`);
console.log(`append calls: ${describe(appendMs)}`);
console.log(
  `CPU: this process ${((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)} cores, PostgreSQL ${(postgres / elapsed).toFixed(2)} cores`,
);
