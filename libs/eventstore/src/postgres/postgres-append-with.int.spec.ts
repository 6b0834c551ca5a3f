// PostgresEventStore.appendManyWith on real PostgreSQL: an append and a statement of the caller's
// commit or roll back together, also when the batch is cut into several statements, and subscribers
// hear of it by one NOTIFY after the commit (none inside it: a NOTIFY holds a server-wide lock until
// the commit is flushed).
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#testing';
import { event } from '../contract/index.js';
import { InvalidEventStoreRequest } from '../errors.js';
import { NO_STREAM, type AppendRequest } from '../event-store.port.js';
import { migrate } from './migrate.js';
import { APPEND_CHANNEL } from './postgres-wakeups.js';
import { PostgresEventStore } from './postgres-event-store.js';

const INSERT_BESIDE = {
  name: 'test_insert_beside',
  text: 'INSERT INTO beside_events SELECT unnest($3::text[])',
};

const scored = (streamId: string): AppendRequest => ({
  streamId,
  events: [event('TransactionScored')],
  expected: NO_STREAM,
});

describe('PostgresEventStore.appendManyWith', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  /** Cuts every batch of more than one stream into several statements. */
  let smallParts: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('eventstore_append_with');
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    await migrate(pool);
    await pool.query('CREATE TABLE beside_events (id text PRIMARY KEY)');
    store = new PostgresEventStore({ pool, notifyIntervalMs: 0 });
    smallParts = new PostgresEventStore({ pool, maxStatementBytes: 200 });
  });

  afterAll(async () => {
    await store.close();
    await smallParts.close();
    await pool.end();
    await database.drop();
  });

  const besideRows = async () =>
    (await pool.query<{ id: string }>('SELECT id FROM beside_events ORDER BY id')).rows.map((row) => row.id);

  it("commits the append and the caller's statement together", async () => {
    // When two streams are appended with a statement inserting two rows
    const results = await store.appendManyWith([scored('transaction-with-1'), scored('transaction-with-2')], {
      ...INSERT_BESIDE,
      values: [['row-1', 'row-2']],
    });
    // Then both streams and both rows are there
    expect(results.map((result) => result.outcome)).toEqual(['appended', 'appended']);
    expect(await store.readStream('transaction-with-1')).toHaveLength(1);
    expect(await store.readStream('transaction-with-2')).toHaveLength(1);
    expect(await besideRows()).toEqual(expect.arrayContaining(['row-1', 'row-2']));
  });

  it('rolls the append back when the statement fails, and says why', async () => {
    // Given a row the statement will collide with
    await pool.query("INSERT INTO beside_events VALUES ('taken-1')");
    // When the append goes with a statement that violates the primary key
    const attempt = store.appendManyWith([scored('transaction-with-failed')], {
      ...INSERT_BESIDE,
      values: [['row-3', 'taken-1']],
    });
    // Then it fails with the server's reason and leaves nothing behind
    await expect(attempt).rejects.toThrow(/duplicate key/);
    expect(await store.readStream('transaction-with-failed')).toEqual([]);
    expect(await besideRows()).not.toContain('row-3');
  });

  it('keeps all parts of a batch cut into several statements in the one commit', async () => {
    // Given a store that cuts this batch of three streams into three statements
    const batch = ['transaction-parts-1', 'transaction-parts-2', 'transaction-parts-3'].map(scored);
    // When the statement fails, no part stays
    await pool.query("INSERT INTO beside_events VALUES ('taken-2')");
    await expect(
      smallParts.appendManyWith(batch, { ...INSERT_BESIDE, values: [['row-4', 'taken-2']] }),
    ).rejects.toThrow(/duplicate key/);
    for (const request of batch) expect(await store.readStream(request.streamId)).toEqual([]);
    // And when it succeeds, every part and the rows are committed
    const results = await smallParts.appendManyWith(batch, { ...INSERT_BESIDE, values: [['row-5']] });
    expect(results.map((result) => result.streamId)).toEqual(batch.map((request) => request.streamId));
    for (const request of batch) expect(await store.readStream(request.streamId)).toHaveLength(1);
    expect(await besideRows()).toContain('row-5');
  });

  it('refuses a call with nothing to append', async () => {
    await expect(store.appendManyWith([], { ...INSERT_BESIDE, values: [['row-6']] })).rejects.toThrow(
      InvalidEventStoreRequest,
    );
  });

  it('tells subscribers by exactly one NOTIFY, after the commit', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: number[] = [];
    listener.on('notification', (message) => {
      if (message.channel === APPEND_CHANNEL) heard.push(Date.now());
    });
    try {
      await listener.query(`LISTEN ${APPEND_CHANNEL}`);
      // When one call appends and inserts
      const started = Date.now();
      await store.appendManyWith([scored('transaction-notify')], { ...INSERT_BESIDE, values: [['row-7']] });
      for (const began = Date.now(); heard.length === 0 && Date.now() - began < 5_000;)
        await new Promise((resolve) => setTimeout(resolve, 10));
      // Give a second notification (one sent inside the transaction too) time to arrive
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Then the listener heard exactly one NOTIFY
      expect(heard).toHaveLength(1);
      expect(heard[0]!).toBeGreaterThanOrEqual(started);
    } finally {
      await listener.end();
    }
  });
});
