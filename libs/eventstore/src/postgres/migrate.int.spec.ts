// Upgrading a database that already holds events: migration 003 (stream numbers) keeps every stream
// readable, idempotent and versioned as before, and numbers new streams after the old ones; 004's
// choice of plans for small appends stays inside the call; 005 keeps the log off parallel plans.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#testing';
import {
  event,
  events,
  expectRejection,
  ids,
  readWholeFeed,
  settled,
  uniquePrefix,
} from '../contract/index.js';
import { WrongExpectedVersion } from '../errors.js';
import { NO_STREAM, type AppendRequest } from '../event-store.port.js';
import { migrate } from './migrate.js';
import { PostgresEventStore } from './postgres-event-store.js';

describe('PostgreSQL event store migrations', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('eventstore_migrate');
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    store = new PostgresEventStore({ pool });
  });

  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('upgrades a database written before stream numbers without losing, duplicating or renumbering anything', async () => {
    // Given a database at schema 002 holding two streams appended through its eventstore_append,
    // and one event written straight into the table with no stream row (as a hand repair might)
    expect((await migrate(pool, { through: 2 })).applied).toEqual(['1_event_store', '2_append_function']);
    const prefix = uniquePrefix('upgrade');
    const first: AppendRequest = { streamId: `${prefix}a`, events: events(3), expected: NO_STREAM };
    const second: AppendRequest = { streamId: `${prefix}b`, events: events(2), expected: NO_STREAM };
    await store.appendMany([first, second]);
    const orphan = event('Repaired');
    await pool.query(
      `INSERT INTO eventstore_events (stream_id, stream_version, event_id, type, schema_version, data, metadata)
       VALUES ($1, 1, $2, 'Repaired', 1, '{}', '{}')`,
      [`${prefix}orphan`, orphan.eventId],
    );
    // (the feed shows a commit once every older transaction on the server has ended: other suites share it)
    const feedBefore = ids(await settled(store, prefix, 6));

    // When the store migrates to the latest schema
    expect((await migrate(pool)).applied).toEqual([
      '3_stream_numbers',
      '4_append_generic_plans',
      '5_no_parallel_scans',
    ]);

    // Then every stream reads back whole and in order, the orphan included, and so does the feed
    expect(ids(await store.readStream(first.streamId))).toEqual(ids(first.events));
    expect(ids(await store.readStream(second.streamId, { fromVersion: 2 }))).toEqual([
      second.events[1]!.eventId,
    ]);
    expect(ids(await store.readStream(`${prefix}orphan`))).toEqual([orphan.eventId]);
    expect(await store.streamVersion(`${prefix}orphan`)).toBe(1);
    expect(ids(await readWholeFeed(store, prefix))).toEqual(feedBefore);

    // And a retry of the old append is recognised, versions continue, conflicts report the actual version
    expect(await store.appendMany([first])).toEqual([
      { outcome: 'already-present', streamId: first.streamId, nextExpectedVersion: 3 },
    ]);
    expect(await store.append(first.streamId, events(1), 3)).toMatchObject({ nextExpectedVersion: 4 });
    const conflict = await expectRejection(store.append(second.streamId, events(1), 1));
    expect(conflict).toBeInstanceOf(WrongExpectedVersion);
    expect((conflict as WrongExpectedVersion).actualVersion).toBe(2);
    expect(await store.append(`${prefix}orphan`, events(1), 1)).toMatchObject({ nextExpectedVersion: 2 });

    // And a stream created afterwards is numbered after every migrated one
    await store.append(`${prefix}new`, events(1), NO_STREAM);
    const { rows } = await pool.query<{ newest: boolean }>(
      `SELECT (SELECT stream_no FROM eventstore_streams WHERE stream_id = $1)
            > (SELECT max(stream_no) FROM eventstore_streams WHERE stream_id <> $1) AS newest`,
      [`${prefix}new`],
    );
    expect(rows[0]!.newest).toBe(true);
    expect(await migrate(pool)).toEqual({ applied: [] });
  });

  it("chooses small appends' plans inside the call: the caller's transaction keeps its own setting", async () => {
    // Given a migrated store and a caller's transaction with its own plan_cache_mode
    await migrate(pool);
    const prefix = uniquePrefix('plans');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL plan_cache_mode = force_custom_plan');

      // When it appends one stream (a generic plan) and then 60 (the default policy) in that transaction
      const setting = async () =>
        (await client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]!.plan_cache_mode;
      const small = await store.appendMany(
        [{ streamId: `${prefix}one`, events: events(2), expected: NO_STREAM }],
        {
          client,
        },
      );
      const afterSmall = await setting();
      const large = await store.appendMany(
        Array.from({ length: 60 }, (_, n) => ({
          streamId: `${prefix}${n}`,
          events: events(1),
          expected: NO_STREAM,
        })),
        { client },
      );
      const afterLarge = await setting();

      // Then both append, and after each call the transaction's setting is the one it set
      expect(small.map((result) => result.outcome)).toEqual(['appended']);
      expect(large.filter((result) => result.outcome === 'appended')).toHaveLength(60);
      expect([afterSmall, afterLarge]).toEqual(['force_custom_plan', 'force_custom_plan']);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(ids(await store.readStream(`${prefix}one`))).toHaveLength(2);
  });

  it('keeps reads of the event log off parallel plans, however cheap the planner is told they are', async () => {
    // Given every migration applied, and a session that makes parallel plans look free
    await migrate(pool);
    const client = await pool.connect();
    try {
      await client.query(
        'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET min_parallel_index_scan_size = 0',
      );
      // When a filtered scan of the log is planned (scoring's blocklist read filters streams so)
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        "EXPLAIN SELECT count(*) FROM eventstore_events WHERE stream_id LIKE 'customer-%'",
      );
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      // Then it is serial (before 005: Gather over a Parallel Seq Scan), and the table says why
      expect(text).toContain('eventstore_events');
      expect(text).not.toMatch(/Gather|Parallel/);
      const { rows } = await client.query<{ reloptions: string[] | null }>(
        "SELECT reloptions FROM pg_class WHERE oid = 'eventstore_events'::regclass",
      );
      expect(rows[0]!.reloptions).toContain('parallel_workers=0');
    } finally {
      await client.query('RESET ALL');
      client.release();
    }
  });
});
