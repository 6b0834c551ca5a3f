// The PostgreSQL store's connections: the server killing them (pg_terminate_backend, as an admin or
// a restart would) is logged and survived, and session settings do not change what readers get.
import pg from 'pg';
import { createTestDatabase, waitFor, type TestDatabase } from '#testing';
import { InMemoryCheckpointStore } from '../in-memory/in-memory-checkpoint-store.js';
import { event } from '../contract/index.js';
import { NO_STREAM, STREAM_EXISTS, type RecordedEvent } from '../event-store.port.js';
import { migrate } from './migrate.js';
import { isRetriablePgError } from './postgres-errors.js';
import { guardCheckedOutClients } from './postgres-pool.js';
import { PostgresEventStore } from './postgres-event-store.js';

describe('PostgreSQL event store connections', () => {
  let database: TestDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('eventstore_connections');
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await database.drop();
  });

  /** Every session on the test database but the admin's, as `pg_terminate_backend` by an operator. */
  const terminateOthers = async () => {
    const { rows } = await admin.query<{ killed: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return rows[0]!.killed;
  };

  it('survives a lent-out connection killed between two statements: its next query fails as retriable', async () => {
    // Given a pool whose lent-out connections are guarded, and a connection checked out of it
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    guardCheckedOutClients(pool);
    try {
      const client = await pool.connect();
      await client.query('SELECT 1');
      // pg-pool lends it out without a listener of its own: only the guard's is left
      expect(client.listenerCount('error')).toBeGreaterThan(0);
      const lost = new Promise<Error>((resolve) => client.once('error', resolve));

      // When the server terminates it while no statement runs (what a restart does to every session)
      expect(await terminateOthers()).toBeGreaterThan(0);
      expect((await lost).message).toMatch(/terminating connection/);

      // Then the process is still here, the next statement fails as retriable, and the pool
      // discards the dead connection and serves a new one
      const failure = await client.query('SELECT 1').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isRetriablePgError(failure)).toBe(true);
      client.release();
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]!.one).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('logs an idle pooled connection killed by the server and keeps appending on a new one', async () => {
    const warnings: string[] = [];
    const store = PostgresEventStore.connect(database.url, { logger: { warn: (m) => warnings.push(m) } });
    try {
      await migrate(store.pool);
      const first = event();
      await store.append('transaction-killed-idle', [first], NO_STREAM);
      // The NOTIFY that follows an append runs on its own; a read leaves only idle connections.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await store.streamVersion('transaction-killed-idle')).toBe(1);
      expect(store.pool.idleCount).toBe(store.pool.totalCount);

      expect(await terminateOthers()).toBeGreaterThan(0);
      const logged = await waitFor(
        () => warnings.find((warning) => /idle pooled connection failed/.test(warning)),
        { what: 'the pool error to be logged', timeoutMs: 10_000 },
      );
      expect(logged).toMatch(/\(57P01: terminating connection due to administrator command\).*retriable/);

      const second = event();
      await expect(store.append('transaction-killed-idle', [second], STREAM_EXISTS)).resolves.toMatchObject({
        outcome: 'appended',
        nextExpectedVersion: 2,
      });
      const stored = await store.readStream('transaction-killed-idle');
      expect(stored.map((e) => e.eventId)).toEqual([first.eventId, second.eventId]);
    } finally {
      await store.close();
    }
  });

  it('gives a caller-made pool without an error listener one, so a killed connection cannot crash', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const warnings: string[] = [];
    const store = new PostgresEventStore({ pool, logger: { warn: (m) => warnings.push(m) } });
    try {
      expect(pool.listenerCount('error')).toBe(1);
      expect(await store.streamVersion('transaction-killed-idle')).toBe(2);
      await terminateOthers();
      await waitFor(() => warnings.length > 0, { what: 'the pool error to be logged', timeoutMs: 10_000 });
      expect(warnings[0]).toMatch(/idle pooled connection failed/);
      expect(await store.streamVersion('transaction-killed-idle')).toBe(2);
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('a subscriber whose LISTEN connection is killed logs it and still receives later appends', async () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) };
    const store = PostgresEventStore.connect(database.url, { logger });
    const received: RecordedEvent[] = [];
    const subscription = store.subscribe(
      'killed-listener',
      (events) => {
        received.push(...events.filter((e) => e.streamId === 'transaction-after-kill'));
        return Promise.resolve();
      },
      { checkpoints: new InMemoryCheckpointStore(), pollIntervalMs: 200 },
    );
    try {
      await subscription.caughtUp;
      await terminateOthers();
      await waitFor(() => warnings.some((w) => /LISTEN eventstore_appended connection failed/.test(w)), {
        what: 'the lost listener to be logged',
        timeoutMs: 10_000,
      });
      // Another process appends (this store's own idle connections may still be dying).
      const writer = PostgresEventStore.connect(database.url, { logger });
      const appended = event();
      await writer.append('transaction-after-kill', [appended], NO_STREAM).finally(() => writer.close());
      await waitFor(() => received.length > 0, { what: 'the subscriber to receive the append' });
      expect(received.map((e) => e.eventId)).toEqual([appended.eventId]);
    } finally {
      await store.close();
    }
  });

  it("reads recordedAt as UTC ISO text whatever the session's TimeZone and DateStyle", async () => {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 2,
      options: '-c TimeZone=Asia/Kolkata -c DateStyle=SQL,DMY',
    });
    const store = new PostgresEventStore({ pool });
    try {
      const before = Date.now();
      await store.append('transaction-time-zone', [event()], NO_STREAM);
      const [stored] = await store.readStream('transaction-time-zone');
      expect(stored!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(stored!.recordedAt) - before)).toBeLessThan(60_000);
      // Other suites' transactions on a shared server can hold the feed's horizon for a moment.
      const fromFeed = await waitFor(
        async () =>
          (await store.readAll('start', 1000)).events.find((e) => e.streamId === 'transaction-time-zone'),
        { what: 'the event in the feed' },
      );
      expect(fromFeed.recordedAt).toBe(stored!.recordedAt);
    } finally {
      await store.close();
      await pool.end();
    }
  });
});
