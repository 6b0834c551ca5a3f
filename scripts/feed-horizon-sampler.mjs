// How long PostgreSQL's horizon hides committed events from the feed, and who holds it: a diagnosis
// to run beside a load (docs/BENCHMARKS.md, "Projections", "What holds the feed's horizon"). Waits
// for a database whose name starts with PREFIX (default `bench_steady_`, the one
// scripts/projections-steady-lag.mjs creates) created after it started, on DATABASE_URL's server,
// then samples until the database goes away or SAMPLE_SECONDS pass (default 120): the newest
// committed event transaction and the feed's horizon (pg_snapshot_xmin), and, when the horizon
// hides that transaction, the backend with the oldest transaction id (state and last statement).
// Prints one JSON line (samples, share of samples held, how long each event transaction seen
// committed stayed hidden) and the holders. It samples from the moment the events table exists
// (so a load's set-up is in the figures too), one sample every few tens of ms, each ~25 ms of
// PostgreSQL CPU (pg_stat_activity; about half a core on the bench machine): it loads the machine.
//   node scripts/feed-horizon-sampler.mjs & PRE=20000 node scripts/projections-steady-lag.mjs
import pg from 'pg';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const prefix = process.env.PREFIX ?? 'bench_steady_';
const seconds = Number(process.env.SAMPLE_SECONDS ?? 120);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function newestDatabase() {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    // Only a database created from now on: one left behind by an earlier run is not the load's.
    const { rows: before } = await admin.query(`SELECT max(oid)::text AS oid FROM pg_database`);
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await pause(200)) {
      const { rows } = await admin.query(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND oid > $2::oid
         ORDER BY oid DESC LIMIT 1`,
        [prefix, before[0].oid],
      );
      if (rows[0]) return rows[0].datname;
    }
  } finally {
    await admin.end();
  }
  throw new Error(
    `No database named ${prefix}* appeared in 2 minutes: start the load first (see the header).`,
  );
}

const SAMPLE = `
WITH h AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
SELECT (SELECT xmin::text FROM h) AS horizon,
  (SELECT transaction_id::text FROM eventstore_events ORDER BY transaction_id DESC LIMIT 1) AS newest,
  (SELECT state || ' ' || coalesce(nullif(application_name, ''), '-') || ': ' ||
          left(regexp_replace(query, '\\s+', ' ', 'g'), 60)
   FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY age(backend_xid) DESC LIMIT 1) AS holder`;

const database = await newestDatabase();
const url = new URL(server);
url.pathname = `/${database}`;
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
client.on('error', () => undefined); // the load drops its database at the end: that ends sampling
while ((await client.query(`SELECT to_regclass('eventstore_events') IS NULL AS missing`)).rows[0].missing) {
  await pause(100);
}
const committedAt = new Map(); // event transaction id -> first sample that saw it committed
const visibleAt = new Map(); // -> first sample whose horizon was above it
const holders = new Map();
let samples = 0;
let held = 0;
const began = performance.now();
for (const end = Date.now() + seconds * 1000; Date.now() < end; await pause(4)) {
  let row;
  try {
    row = (await client.query(SAMPLE)).rows[0];
  } catch {
    break; // the database was dropped
  }
  const now = performance.now();
  samples += 1;
  const horizon = BigInt(row.horizon);
  const newest = row.newest === null ? undefined : BigInt(row.newest);
  if (newest !== undefined && !committedAt.has(newest)) committedAt.set(newest, now);
  if (newest !== undefined && newest >= horizon) {
    held += 1;
    const holder = row.holder ?? '(no backend with a transaction id found)';
    holders.set(holder, (holders.get(holder) ?? 0) + 1);
  }
  for (const xid of committedAt.keys()) if (!visibleAt.has(xid) && xid < horizon) visibleAt.set(xid, now);
}
const elapsedMs = performance.now() - began;
await client.end().catch(() => undefined);

const hidden = [...committedAt]
  .filter(([xid]) => visibleAt.has(xid))
  .map(([xid, at]) => visibleAt.get(xid) - at)
  .sort((a, b) => a - b);
const quantile = (q) => Math.round(hidden[Math.min(hidden.length - 1, Math.floor(q * hidden.length))] ?? 0);
console.log(
  JSON.stringify({
    database,
    samples,
    msPerSample: Math.round(elapsedMs / Math.max(samples, 1)),
    heldShare: Number((held / Math.max(samples, 1)).toFixed(3)),
    eventTransactionsSeen: hidden.length,
    hiddenMs: {
      p50: quantile(0.5),
      p90: quantile(0.9),
      p99: quantile(0.99),
      max: Math.round(hidden.at(-1) ?? 0),
    },
  }),
);
for (const [holder, count] of [...holders].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  console.log(`${count}\t${holder}`);
}
