// Holds PostgreSQL's horizon back all the time, as other suites' transactions on a shared server do
// now and then: four connections each keep a transaction with an id open for 400 ms, staggered by
// 100 ms, so the feed (docs/EVENTSTORE.md, `heldBack`) shows a committed event only ~400 ms late.
// For finding tests that take "nothing more to read" for "everything is read": run the suites against
// the same server meanwhile (the tests start their own PostgreSQL unless DATABASE_URL is set):
//   HOLD_SECONDS=900 node scripts/hold-horizon.mjs &
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REQUIRE_KAFKA=1 npm test
// Stops by itself after HOLD_SECONDS (default 120). Only ever against a local, throwaway server.
import pg from 'pg';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const end = Date.now() + Number(process.env.HOLD_SECONDS ?? 120) * 1000;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function holder(delayMs) {
  const client = new pg.Client({ connectionString: server, application_name: 'hold-horizon' });
  await client.connect();
  try {
    await pause(delayMs);
    while (Date.now() < end) {
      await client.query('BEGIN');
      await client.query('SELECT pg_current_xact_id()');
      await pause(400);
      await client.query('COMMIT');
    }
  } finally {
    await client.end();
  }
}

await Promise.all([0, 100, 200, 300].map(holder));
