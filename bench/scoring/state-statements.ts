// Scoring's customer-state writes, one slice's worth (1,500 customers) at a time: the store as it
// runs (upserts of 250 rows a statement, two at once) against one statement per slice, alternating on one pool
// so the two share the machine's state (a ratio within one run). Throwaway database, dropped after.
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node dist/bench/scoring/state-statements.js [rounds, default 10]
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase } from '../../libs/testing/src/test-database.js';
import { emptyCustomerState, type CustomerState } from '#ml';
import { PostgresCustomerStateStore } from '../../apps/scoring/src/state/postgres-customer-state-store.js';

// createTestDatabase names DATABASE_URL when it is missing.
const rounds = Number(process.argv[2] ?? 10);
const SLICE = 1_500;

/** A customer some weeks in: six recent transactions, a few countries, merchants and devices. */
function state(n: number): CustomerState {
  const base = emptyCustomerState();
  const now = 1_780_000_000_000 + n;
  return {
    ...base,
    recentTimes: Array.from({ length: 6 }, (_, k) => now - k * 3_600_000),
    recentAmounts: Array.from({ length: 6 }, (_, k) => 12.5 + k * 7.25),
    recentCountries: Array.from({ length: 6 }, () => 'DE'),
    recentIds: Array.from({ length: 6 }, () => randomUUID()),
    latestTime: now,
    count: 40 + (n % 50),
    usualAmountLog: 3.2,
    previousTime: now - 3_600_000,
    previousCountry: 'DE',
    countries: ['DE', 'FR'],
    merchants: Array.from({ length: 8 }, (_, k) => `merchant-${(n + k) % 5_000}`),
    devices: ['device-a1b2c3d4', 'device-e5f6a7b8'],
  };
}

const database = await createTestDatabase('state_statements');
const pool = new pg.Pool({ connectionString: database.url, max: 6 });
// Dropping the database WITH (FORCE) ends connections pool.end() is still closing: expected then.
pool.on('error', (error: Error & { code?: string }) => {
  if (error.code !== '57P01') throw error;
});
try {
  const stores = {
    parts: new PostgresCustomerStateStore(pool),
    whole: new PostgresCustomerStateStore(pool, { rowsPerStatement: SLICE, concurrency: 1 }),
  };
  await stores.parts.migrate();
  const seconds = { parts: { save: 0, load: 0 }, whole: { save: 0, load: 0 } };
  let offset = 0;
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['whole', 'parts'] as const) {
      // Half the slice's customers are new, half seen in an earlier slice (updated rows).
      const ids = Array.from({ length: SLICE }, (_, k) =>
        k % 2 === 0 ? `customer-${offset + k}` : `customer-${offset - SLICE + k - 1}`,
      );
      offset += SLICE;
      const t0 = performance.now();
      await stores[kind].load(ids);
      const t1 = performance.now();
      await stores[kind].save(
        ids.map((customerId, k) => ({
          customerId,
          state: state(k),
          source: { partition: 0, offset: String(offset + k) },
        })),
      );
      const t2 = performance.now();
      if (round > 0) {
        seconds[kind].load += (t1 - t0) / 1000;
        seconds[kind].save += (t2 - t1) / 1000;
      }
    }
  }
  const customers = SLICE * (rounds - 1);
  for (const kind of ['whole', 'parts'] as const) {
    console.log(
      `${kind === 'parts' ? 'as the store runs (save: 250 rows a statement, 2 at once)' : 'one statement per slice'}: ` +
        `load ${Math.round(customers / seconds[kind].load)} customers/s, save ${Math.round(customers / seconds[kind].save)} customers/s`,
    );
  }
  console.log(
    `state JSON ~${JSON.stringify(state(1)).length} bytes a customer, slices of ${SLICE}, ${rounds - 1} timed rounds`,
  );
} finally {
  await pool.end();
  await database.drop();
}
