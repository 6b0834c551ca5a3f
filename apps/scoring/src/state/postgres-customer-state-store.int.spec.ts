// The customer state store on real PostgreSQL: a save split into several statements stores every
// customer exactly as given, and a replayed (older) write never moves a customer back.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#testing';
import { emptyCustomerState, type CustomerState } from '#ml';
import type { CustomerStateWrite } from './customer-state-store.js';
import { PostgresCustomerStateStore } from './postgres-customer-state-store.js';

function stateOf(n: number): CustomerState {
  return {
    ...emptyCustomerState(),
    recentTimes: [1_780_000_000_000 + n],
    recentAmounts: [10 + n],
    recentCountries: ['DE'],
    recentIds: [`tx-${n}`],
    latestTime: 1_780_000_000_000 + n,
    count: n,
    usualAmountLog: Math.log(10 + n),
    merchants: [`merchant-${n}`],
  };
}

describe('PostgresCustomerStateStore', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresCustomerStateStore;

  beforeAll(async () => {
    database = await createTestDatabase('scoring_customer_state');
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    store = new PostgresCustomerStateStore(pool, { rowsPerStatement: 250, concurrency: 2 });
    await store.migrate();
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('stores every customer of a save cut into several statements, and loads them back as saved', async () => {
    // Given 600 customers' states (three statements of at most 250 rows)
    const writes: CustomerStateWrite[] = Array.from({ length: 600 }, (_, n) => ({
      customerId: `customer-split-${n}`,
      state: stateOf(n),
      source: { partition: 1, offset: String(1_000 + n) },
    }));
    // When saved and loaded back, with one customer that has no state
    await store.save(writes);
    const loaded = await store.load([...writes.map((write) => write.customerId), 'customer-never-seen']);
    // Then all 600 come back equal to what was saved, and the unknown one is absent
    expect(loaded.size).toBe(600);
    for (const write of writes) expect(loaded.get(write.customerId)).toEqual(write.state);
  });

  it('keeps the newer state when an older write of the same partition is replayed', async () => {
    // Given a customer saved at offset 20
    await store.save([
      { customerId: 'customer-replay', state: stateOf(20), source: { partition: 0, offset: '20' } },
    ]);
    // When a redelivered batch saves its older state from offset 10
    await store.save([
      { customerId: 'customer-replay', state: stateOf(10), source: { partition: 0, offset: '10' } },
    ]);
    // Then the state of offset 20 stays
    expect((await store.load(['customer-replay'])).get('customer-replay')).toEqual(stateOf(20));
  });
});
