// Which adapter a service's configuration gives, how it shares the service's PostgreSQL pool, and
// what /ready says about it. No server is needed: both clients connect lazily, and the unreachable
// cases point at a closed port.
import pg from 'pg';
import { connectEventStore, eventStoreKind, migrateEventStore } from './create-event-store.js';
import { InvalidEventStoreRequest } from './errors.js';
import { checkEventStore } from './event-store-readiness.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

const CLOSED_PORT_DATABASE = 'postgres://nobody@127.0.0.1:1/nothing';
const CLOSED_PORT_ESDB = 'esdb://127.0.0.1:1?tls=false';

describe('choosing the event store from the configuration', () => {
  it('is PostgreSQL when EVENT_STORE is unset or blank, EventStoreDB when it says so', () => {
    expect(eventStoreKind({})).toBe('postgres');
    expect(eventStoreKind({ EVENT_STORE: ' ' })).toBe('postgres');
    expect(eventStoreKind({ EVENT_STORE: 'postgres' })).toBe('postgres');
    expect(eventStoreKind({ EVENT_STORE: 'eventstoredb' })).toBe('eventstoredb');
    expect(() => eventStoreKind({ EVENT_STORE: 'mongo' })).toThrow(
      new InvalidEventStoreRequest(
        'EVENT_STORE="mongo" is not an event store: set EVENT_STORE to postgres (the default) or eventstoredb.',
      ),
    );
  });

  it('gives the PostgreSQL store on the pool the service passes, and leaves that pool open on close', async () => {
    const pool = new pg.Pool({ connectionString: CLOSED_PORT_DATABASE, max: 12 });
    const store = connectEventStore({ EVENT_STORE: 'postgres' }, { pool, poolMax: 3 });
    expect(store).toBeInstanceOf(PostgresEventStore);
    expect((store as PostgresEventStore).pool).toBe(pool);
    await store.close();
    expect(pool.ended).toBe(false);
    await pool.end();
  });

  it('gives the PostgreSQL store its own pool of poolMax connections without one, ended on close', async () => {
    const store = connectEventStore({ DATABASE_URL: CLOSED_PORT_DATABASE }, { poolMax: 7 });
    expect(store).toBeInstanceOf(PostgresEventStore);
    const pool = (store as PostgresEventStore).pool;
    expect(pool.options.max).toBe(7);
    await store.close();
    expect(pool.ended).toBe(true);
  });

  it('gives the EventStoreDB store for EVENT_STORE=eventstoredb, ignoring the PostgreSQL pool', async () => {
    const pool = new pg.Pool({ connectionString: CLOSED_PORT_DATABASE });
    const store = connectEventStore(
      { EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: CLOSED_PORT_ESDB, DATABASE_URL: CLOSED_PORT_DATABASE },
      { pool },
    );
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    // EventStoreDB has no schema: nothing is applied, no server is asked.
    await expect(migrateEventStore(store)).resolves.toBeUndefined();
    await store.close();
    expect(pool.ended).toBe(false);
    await pool.end();
  });

  it('names the variable the chosen store is missing and an example value', () => {
    expect(() =>
      connectEventStore({ EVENT_STORE: 'eventstoredb', DATABASE_URL: CLOSED_PORT_DATABASE }),
    ).toThrow(
      new InvalidEventStoreRequest(
        'EVENTSTORE_URL is not set: the eventstoredb event store (EVENT_STORE=eventstoredb) needs it, e.g. EVENTSTORE_URL=esdb://127.0.0.1:2113?tls=false.',
      ),
    );
    expect(() => connectEventStore({})).toThrow(
      'DATABASE_URL is not set: the postgres event store (EVENT_STORE=postgres) needs it, e.g. DATABASE_URL=postgres://user@127.0.0.1:5432/fraud.',
    );
  });
});

describe('the readiness of the event store in use', () => {
  it('names the adapter when it answers', async () => {
    await expect(checkEventStore(new InMemoryEventStore())).resolves.toEqual({
      ok: true,
      detail: 'in-memory: reachable',
    });
  });

  it('names the adapter and the failure when PostgreSQL does not answer', async () => {
    const store = connectEventStore({ DATABASE_URL: CLOSED_PORT_DATABASE }, { poolMax: 1 });
    try {
      const result = await checkEventStore(store);
      expect(result.ok).toBe(false);
      expect(result.detail).toMatch(/^postgres: .*ECONNREFUSED/);
    } finally {
      await store.close();
    }
  });

  it('names the adapter and the failure when EventStoreDB does not answer', async () => {
    const store = connectEventStore({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: CLOSED_PORT_ESDB });
    try {
      const result = await checkEventStore(store);
      expect(result.ok).toBe(false);
      expect(result.detail).toMatch(
        /^eventstoredb: EventStoreDB failed while reading the version of readiness-probe: .*\(retriable: try again\)$/,
      );
    } finally {
      await store.close();
    }
  });
});
