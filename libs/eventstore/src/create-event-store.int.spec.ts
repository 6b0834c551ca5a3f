// createEventStore: the adapter EVENT_STORE names, ready to use, and a message naming the variable
// to fix when the configuration is incomplete.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#testing';
import { event } from './contract/index.js';
import { createEventStore } from './create-event-store.js';
import { InvalidEventStoreRequest } from './errors.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { NO_STREAM } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

describe('createEventStore', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('eventstore_factory');
  });

  afterAll(async () => {
    await database.drop();
  });

  it('gives the PostgreSQL store by default, on DATABASE_URL, migrated and ready to append', async () => {
    const store = await createEventStore({ DATABASE_URL: database.url });
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
      const appended = event();
      await store.append('transaction-factory', [appended], NO_STREAM);
      expect((await store.readStream('transaction-factory')).map((e) => e.eventId)).toEqual([
        appended.eventId,
      ]);
      const check = new pg.Client({ connectionString: database.url });
      await check.connect();
      const { rows } = await check.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM eventstore_migrations',
      );
      await check.end();
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('gives the EventStoreDB adapter for EVENT_STORE=eventstoredb on EVENTSTORE_URL', async () => {
    // The client connects lazily: no server is needed to see which adapter was chosen.
    const store = await createEventStore({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false',
      DATABASE_URL: database.url,
    });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.close();
  });

  it('names the missing or wrong variable and how to fix it', async () => {
    await expect(createEventStore({})).rejects.toThrow(
      new InvalidEventStoreRequest(
        'DATABASE_URL is not set: the postgres event store (EVENT_STORE=postgres) needs it, e.g. DATABASE_URL=postgres://user@127.0.0.1:5432/fraud.',
      ),
    );
    await expect(createEventStore({ EVENT_STORE: 'eventstoredb' })).rejects.toThrow(
      /^EVENTSTORE_URL is not set: .* e\.g\. EVENTSTORE_URL=esdb:\/\/127\.0\.0\.1:2113\?tls=false\.$/,
    );
    await expect(createEventStore({ EVENT_STORE: 'mongo', DATABASE_URL: database.url })).rejects.toThrow(
      'EVENT_STORE="mongo" is not an event store: set EVENT_STORE to postgres (the default) or eventstoredb.',
    );
    await expect(
      createEventStore({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://not-esdb' }),
    ).rejects.toBeInstanceOf(InvalidEventStoreRequest);
  });
});
