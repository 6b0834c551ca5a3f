// The projections' catch-up on a fixed log, for A/B comparisons of builds (docs/BENCHMARKS.md,
// "Projections"): `setup [transactions]` appends the bench's mixed workload (default 100,000
// transactions) into a template database `cu_template`; `run [label]` copies it to `cu_run`, catches
// every projection up from the start on one shared feed (5,000-event pages, as the bench), and
// prints the rate and the CPU per transaction of this process and of every PostgreSQL process.
// Runs the build in dist/ (npm run build first). On DATABASE_URL's server (default the local one).
import pg from 'pg';
import { migrate, PostgresEventStore } from '#eventstore';
import { migrateReadModel } from '#read-model';
import { ALL_PROJECTIONS } from '../dist/apps/projections/src/projection/all-projections.js';
import { ProjectionFeed } from '../dist/apps/projections/src/runner/projection-feed.js';
import { ProjectionRunner } from '../dist/apps/projections/src/runner/projection-runner.js';
import { mixedWorkload } from '../dist/apps/projections/src/workload/mixed-workload.js';
import { postgresCpuSeconds } from '../dist/bench/e2e/processes.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = (name) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();

async function onServer(sql) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function setup(transactions) {
  await onServer('DROP DATABASE IF EXISTS cu_template WITH (FORCE)');
  await onServer('CREATE DATABASE cu_template');
  const url = databaseUrl('cu_template');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool);
  await migrateReadModel(url);
  const store = PostgresEventStore.connect(url, { max: 6 });
  for (const batch of mixedWorkload({ transactions, batchSize: 2000 })) await store.appendMany(batch);
  await pool.query('VACUUM ANALYZE');
  await store.close();
  await pool.end();
  console.log(`cu_template holds ${transactions} transactions of the mixed workload`);
}

async function run(label) {
  await onServer('DROP DATABASE IF EXISTS cu_run WITH (FORCE)');
  await onServer('CREATE DATABASE cu_run TEMPLATE cu_template');
  const url = databaseUrl('cu_run');
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const store = PostgresEventStore.connect(url, { max: 6 });
  const count = async (sql) => Number((await pool.query(sql)).rows[0].n);
  const transactions = await count(
    "SELECT count(*) AS n FROM eventstore_events WHERE type = 'TransactionReceived'",
  );
  await pool.query('CHECKPOINT');
  const cpu0 = process.cpuUsage();
  const postgres0 = postgresCpuSeconds();
  const started = performance.now();
  const runners = ALL_PROJECTIONS.map((projection) => new ProjectionRunner(projection, store, pool));
  const feed = new ProjectionFeed(store, runners, { batchSize: 5000 });
  feed.start();
  await Promise.all(runners.map((runner) => runner.caughtUp));
  while ((await count('SELECT count(*) AS n FROM transactions_enriched')) < transactions)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const postgres = postgresCpuSeconds() - postgres0;
  await feed.stop();
  const failed = runners.filter((runner) => runner.state.status === 'failed');
  if (failed.length > 0) throw new Error(`projection failed: ${JSON.stringify(failed.map((r) => r.state))}`);
  console.log(
    JSON.stringify({
      label,
      transactions,
      seconds: Number(seconds.toFixed(2)),
      txPerSecond: Math.round(transactions / seconds),
      projectionsUsPerTx: Number(((cpu.user + cpu.system) / transactions).toFixed(1)),
      postgresUsPerTx: Number(((postgres * 1e6) / transactions).toFixed(1)),
    }),
  );
  await store.close();
  await pool.end();
}

const [command, argument] = process.argv.slice(2);
if (command === 'setup') await setup(Number(argument ?? 100_000));
else if (command === 'run') await run(argument ?? 'run');
else {
  console.error('usage: node scripts/projections-catch-up-cpu.mjs setup [transactions] | run [label]');
  process.exit(2);
}
