// How a round becomes durable, on real PostgreSQL: with the event store and the state table on one
// pool, the streams and the states commit in one statement (a failed state save takes the appends
// back with it); on separate pools, the state is saved only after the append is durable.
import pg from 'pg';
import { emptyCustomerState } from '#ml';
import { migrate, NO_STREAM, PostgresEventStore } from '#eventstore';
import { createTestDatabase, type TestDatabase } from '#testing';
import type { CustomerStateWrite } from '../state/customer-state-store.js';
import { PostgresCustomerStateStore } from '../state/postgres-customer-state-store.js';
import { durableWritesFor } from './durable-writes.js';

const scored = (id: string) => ({
  streamId: `transaction-${id}`,
  events: [
    {
      eventId: crypto.randomUUID(),
      type: 'TransactionScored',
      data: { transactionId: id },
      metadata: { actor: 'system' as const, occurredAt: new Date().toISOString() },
      schemaVersion: 1,
    },
  ],
  expected: NO_STREAM,
});

const stateWrite = (customerId: string, partition = 0): CustomerStateWrite => ({
  customerId,
  state: { ...emptyCustomerState(), count: 1 },
  source: { partition, offset: '7' },
});

describe('durable writes of a scoring round', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let otherPool: pg.Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('scoring_durable_writes');
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    otherPool = new pg.Pool({ connectionString: database.url, max: 2 });
    await migrate(pool);
    await new PostgresCustomerStateStore(pool).migrate();
    store = new PostgresEventStore({ pool });
  });

  afterAll(async () => {
    await store.close();
    await pool.end();
    await otherPool.end();
    await database.drop();
  });

  it('on one pool commits the streams and the states together', async () => {
    const states = new PostgresCustomerStateStore(pool);
    const write = durableWritesFor(store, states);
    // Given a round of two streams and one state
    const results = await write([scored('one-a'), scored('one-b')], [stateWrite('customer-one')]);
    // Then both streams are appended and the state is stored
    expect(results.map((result) => result.outcome)).toEqual(['appended', 'appended']);
    expect((await states.load(['customer-one'])).get('customer-one')?.count).toBe(1);
    // When a round's state cannot be saved (a partition that is not an integer)
    const failing = write([scored('one-c')], [stateWrite('customer-one-c', Number.NaN)]);
    // Then the round fails and its append is gone with it
    await expect(failing).rejects.toThrow(/integer: "NaN"/);
    expect(await store.readStream('transaction-one-c')).toEqual([]);
    expect((await states.load(['customer-one-c'])).size).toBe(0);
  });

  it('on separate pools appends first and saves the state after', async () => {
    const states = new PostgresCustomerStateStore(otherPool);
    const write = durableWritesFor(store, states);
    // When the state save of a round fails
    const failing = write([scored('two-a')], [stateWrite('customer-two-a', Number.NaN)]);
    await expect(failing).rejects.toThrow(/saving customer state/);
    // Then its append was already durable (the retry finds it and reconciles), the state is not saved
    expect(await store.readStream('transaction-two-a')).toHaveLength(1);
    expect((await states.load(['customer-two-a'])).size).toBe(0);
  });
});
