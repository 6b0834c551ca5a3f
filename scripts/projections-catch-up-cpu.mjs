// The projections' catch-up on a fixed log, for A/B comparisons of builds (docs/BENCHMARKS.md,
// "Projections"): `setup [transactions]` appends the bench's mixed workload (default 100,000
// transactions) into a template database `cu_template`; `run [label]` copies it to `cu_run`, catches
// every projection up from the start on one shared feed (pages as the service reads them, growing
// up to its default largest page, or up to CATCH_UP_PAGE=<events>; 2000 for the service before
// pages grew), and
// prints the rate, the CPU per transaction of this process and of every PostgreSQL process, and a
// digest of each table the `transactions` and `alerts` projections write (`updated_at` left out).
// SHARDS=<n> (a spike, not the service; default 1) splits the `transactions` projection in n
// projections with their own names and checkpoints, each applying the events whose transaction id
// hashes to it (md5, first byte modulo n) into the same tables: rows of a transaction are one
// shard's and the statistics are sums, so the digests must equal the unsharded run's
// (docs/BENCHMARKS.md, "Projections", "What holds the feed's horizon").
// FEED=memory (a diagnosis, not the service) reads the whole feed before the clock starts and
// serves the same pages from memory: the run shows the catch-up without the feed read's cost (its
// query on the server, the decoding here), i.e. what reading faster could give at most
// (docs/BENCHMARKS.md, "Projections", "Where the CPU of the catch-up goes").
// Runs the build in dist/ (npm run build first). On DATABASE_URL's server (default the local one).
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrate, PostgresEventStore, START } from '#eventstore';
import { migrateReadModel } from '#read-model';
import { mixedWorkload } from '../dist/apps/projections/src/workload/mixed-workload.js';
import { ALL_PROJECTIONS } from '../dist/apps/projections/src/projection/all-projections.js';
import { transactionsProjection } from '../dist/apps/projections/src/transactions/transactions.projection.js';
import { transactionKey } from '../dist/apps/projections/src/transactions/transaction-row.js';
import { unionFilter } from '../dist/apps/projections/src/runner/feed-order.js';
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
const feed = process.env.FEED ?? 'store';
if (feed !== 'store' && feed !== 'memory') {
  console.error(`FEED must be store (the default) or memory, not ${feed}`);
  process.exit(2);
}
const shards = Number(process.env.SHARDS ?? 1);
if (!Number.isInteger(shards) || shards < 1) {
  console.error(`SHARDS must be a whole number from 1, not ${process.env.SHARDS}`);
  process.exit(2);
}

/** Every projection, the `transactions` one split in `shards` when asked. */
function projectionsToRun() {
  if (shards === 1) return ALL_PROJECTIONS;
  const shardOf = (key) => (key === undefined ? 0 : createHash('md5').update(key).digest()[0] % shards);
  return [
    ...Array.from({ length: shards }, (_, shard) => ({
      ...transactionsProjection,
      name: `transactions-s${shard}`,
      apply: (events, client) =>
        transactionsProjection.apply(
          events.filter((event) => shardOf(transactionKey(event)) === shard),
          client,
        ),
    })),
    ...ALL_PROJECTIONS.filter((projection) => projection !== transactionsProjection),
  ];
}

/**
 * FEED=memory: every event the projections take, read now, and `store.readAll` answering from them
 * with the pages the feed asks for (the store's own `subscribe` calls it).
 */
async function serveFeedFromMemory(store, projections) {
  const filter = unionFilter(projections.map((projection) => projection.filter));
  const events = [];
  let end = START;
  for (let endOfFeed = false; !endOfFeed;) {
    const page = await store.readAll(end, 50_000, filter);
    events.push(...page.events);
    ({ checkpoint: end, endOfFeed } = page);
  }
  const after = new Map(events.map((event, index) => [event.checkpoint, index + 1]));
  store.readAll = async (from, limit) => {
    const first = from === START ? 0 : from === end ? events.length : after.get(from);
    if (first === undefined) throw new Error(`FEED=memory has no page after ${from}`);
    const page = events.slice(first, first + limit);
    return page.length === limit
      ? { events: page, checkpoint: page.at(-1).checkpoint, endOfFeed: false }
      : { events: page, checkpoint: end, endOfFeed: true, heldBack: false, heldBackMatching: false };
  };
}

/** A digest of each table written, to compare runs row for row. */
async function digests(pool) {
  const found = {};
  for (const table of [...transactionsProjection.tables, 'fraud_alerts']) {
    const { rows } = await pool.query(
      `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS d
       FROM (SELECT to_jsonb(t) - 'updated_at' AS x FROM ${table} t) s`,
    );
    found[table] = rows[0].d?.slice(0, 8) ?? null;
  }
  return found;
}

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
  const projections = projectionsToRun();
  if (feed === 'memory') await serveFeedFromMemory(store, projections);
  await pool.query('CHECKPOINT');
  const { seconds, cpuMs } = await timeCatchUp(store, pool, transactions, page, projections);
  console.log(
    JSON.stringify({
      label,
      feed,
      shards,
      largestPage: page,
      transactions,
      seconds: Number(seconds.toFixed(2)),
      txPerSecond: Math.round(transactions / seconds),
      projectionsUsPerTx: Number(((cpuMs.node * 1000) / transactions).toFixed(1)),
      postgresUsPerTx: Number(((cpuMs.postgres * 1000) / transactions).toFixed(1)),
      digests: await digests(pool),
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
