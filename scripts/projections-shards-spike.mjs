// A spike, not the service: the catch-up of scripts/projections-catch-up-cpu.mjs's template
// (`node scripts/projections-catch-up-cpu.mjs setup` first) with the `transactions` projection split
// into SHARDS shards (default 1: the service as it is). Each shard is that projection under its own
// name and checkpoint, applying only the events whose transaction id hashes to it (md5, first byte
// modulo SHARDS), into the same tables: rows of one transaction are one shard's, and the statistics
// are sums, so the shards add up to the unsharded tables (the digests printed let you check). Prints
// the rate, the CPU per transaction of this process and of PostgreSQL, and the tables' digests
// (`updated_at` left out). docs/BENCHMARKS.md, "Projections", "What holds the feed's horizon".
//   SHARDS=2 node scripts/projections-shards-spike.mjs
import pg from 'pg';
import { createHash } from 'node:crypto';
import { PostgresEventStore } from '#eventstore';
import { ALL_PROJECTIONS } from '../dist/apps/projections/src/projection/all-projections.js';
import { transactionsProjection } from '../dist/apps/projections/src/transactions/transactions.projection.js';
import { transactionKey } from '../dist/apps/projections/src/transactions/transaction-row.js';
import { ProjectionRunner } from '../dist/apps/projections/src/runner/projection-runner.js';
import { ProjectionFeed } from '../dist/apps/projections/src/runner/projection-feed.js';
import { postgresCpuSeconds } from '../dist/bench/e2e/processes.js';
import { databaseUrl, DEFAULT_DATABASE_URL, onServer } from '../dist/bench/scratch-database.js';

const shards = Number(process.env.SHARDS ?? 1);
const server = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const shardOf = (key) => (key === undefined ? 0 : createHash('md5').update(key).digest()[0] % shards);
const projections =
  shards === 1
    ? ALL_PROJECTIONS
    : [
        ...Array.from({ length: shards }, (_, i) => ({
          ...transactionsProjection,
          name: `transactions-s${i}`,
          apply: (events, client) =>
            transactionsProjection.apply(
              events.filter((e) => shardOf(transactionKey(e)) === i),
              client,
            ),
        })),
        ...ALL_PROJECTIONS.filter((p) => p.name !== 'transactions'),
      ];
await onServer(server, 'DROP DATABASE IF EXISTS cu_run WITH (FORCE)');
await onServer(server, 'CREATE DATABASE cu_run TEMPLATE cu_template');
const url = databaseUrl(server, 'cu_run');
const pool = new pg.Pool({ connectionString: url, max: 10 });
const store = PostgresEventStore.connect(url, { max: 6 });
const count = async (sql) => Number((await pool.query(sql)).rows[0].n);
const transactions = await count(
  "SELECT count(*) AS n FROM eventstore_events WHERE type = 'TransactionReceived'",
);
await pool.query('CHECKPOINT');
const cpu0 = process.cpuUsage();
const pg0 = postgresCpuSeconds();
const started = performance.now();
const runners = projections.map((p) => new ProjectionRunner(p, store, pool));
const feed = new ProjectionFeed(store, runners, { batchSize: 2000, maxBatchSize: 10000 });
feed.start();
await Promise.all(runners.map((r) => r.caughtUp));
while ((await count('SELECT count(*) AS n FROM transactions_enriched')) < transactions)
  await new Promise((r) => setTimeout(r, 20));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const pgMs = (postgresCpuSeconds() - pg0) * 1000;
await feed.stop();
const failed = runners.filter((r) => r.state.status === 'failed').map((r) => r.state);
const digests = {};
// The unsharded projection's tables, and the alerts' (their projection is not split).
for (const table of [...transactionsProjection.tables, 'fraud_alerts']) {
  const { rows } = await pool.query(
    `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM (SELECT to_jsonb(t) - 'updated_at' AS x FROM ${table} t) s`,
  );
  digests[table] = rows[0].d?.slice(0, 8);
}
console.log(
  JSON.stringify({
    shards,
    transactions,
    seconds: +seconds.toFixed(2),
    txPerSecond: Math.round(transactions / seconds),
    nodeUsPerTx: +((((cpu.user + cpu.system) / 1000) * 1000) / transactions).toFixed(1),
    pgUsPerTx: +((pgMs * 1000) / transactions).toFixed(1),
    failed,
    digests,
  }),
);
await store.close();
await pool.end();
