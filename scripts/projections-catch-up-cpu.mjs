// The projections' catch-up on a fixed log, for A/B comparisons of builds (docs/BENCHMARKS.md,
// "Projections"): `setup [transactions]` appends the bench's mixed workload (default 100,000
// transactions) into a template database `cu_template`; `run [label]` copies it to `cu_run`, catches
// every projection up from the start on one shared feed (pages as the service reads them, growing
// up to its default largest page, or up to CATCH_UP_PAGE=<events>; 2000 for the service before
// pages grew), and
// prints the rate and the CPU per transaction of this process and of every PostgreSQL process.
// Runs the build in dist/ (npm run build first). On DATABASE_URL's server (default the local one).
import pg from 'pg';
import { migrate, PostgresEventStore } from '#eventstore';
import { migrateReadModel } from '#read-model';
import { mixedWorkload } from '../dist/apps/projections/src/workload/mixed-workload.js';
import { largestCatchUpPage, timeCatchUp } from '../dist/bench/projections/catch-up.js';
import { databaseUrl, DEFAULT_DATABASE_URL, onServer } from '../dist/bench/scratch-database.js';

const server = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
/** Largest page of the feed: CATCH_UP_PAGE, default the service's (PROJECTIONS_CATCH_UP_BATCH_SIZE). */
let page;
try {
  page = largestCatchUpPage('CATCH_UP_PAGE', process.env.CATCH_UP_PAGE);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const onThisServer = (sql) => onServer(server, sql);

async function setup(transactions) {
  await onThisServer('DROP DATABASE IF EXISTS cu_template WITH (FORCE)');
  await onThisServer('CREATE DATABASE cu_template');
  const url = databaseUrl(server, 'cu_template');
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
  await onThisServer('DROP DATABASE IF EXISTS cu_run WITH (FORCE)');
  await onThisServer('CREATE DATABASE cu_run TEMPLATE cu_template');
  const url = databaseUrl(server, 'cu_run');
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const store = PostgresEventStore.connect(url, { max: 6 });
  const count = async (sql) => Number((await pool.query(sql)).rows[0].n);
  const transactions = await count(
    "SELECT count(*) AS n FROM eventstore_events WHERE type = 'TransactionReceived'",
  );
  await pool.query('CHECKPOINT');
  const { seconds, cpuMs } = await timeCatchUp(store, pool, transactions, page);
  console.log(
    JSON.stringify({
      label,
      largestPage: page,
      transactions,
      seconds: Number(seconds.toFixed(2)),
      txPerSecond: Math.round(transactions / seconds),
      projectionsUsPerTx: Number(((cpuMs.node * 1000) / transactions).toFixed(1)),
      postgresUsPerTx: Number(((cpuMs.postgres * 1000) / transactions).toFixed(1)),
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
