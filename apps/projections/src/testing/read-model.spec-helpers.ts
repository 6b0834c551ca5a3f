// Test helpers: a database with the event store and the read tables, row-for-row snapshots of the
// read tables, and "has this projection applied everything in the log".
import { migrate, PostgresEventStore, START, type EventStore } from '#eventstore';
import { migrateReadModel, READ_MODEL_TABLES } from '#read-model';
import { createTestDatabase, waitFor, type TestDatabase } from '#testing';
import pg from 'pg';
import type { Projection } from '../projection/projection.js';

export interface ProjectionTestBed {
  readonly database: TestDatabase;
  readonly pool: pg.Pool;
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

export async function projectionTestBed(prefix: string): Promise<ProjectionTestBed> {
  const database = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  await migrate(pool);
  await migrateReadModel(database.url);
  const store = PostgresEventStore.connect(database.url, { max: 4 });
  return {
    database,
    pool,
    store,
    close: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}

/** Every read table (not the checkpoints), each as its rows in a stable order: compare with toEqual. */
export async function snapshotReadTables(
  pool: pg.Pool,
): Promise<Record<string, { rows: number; digest: string }>> {
  const snapshot: Record<string, { rows: number; digest: string }> = {};
  for (const table of READ_MODEL_TABLES.filter((name) => name !== 'projection_checkpoints')) {
    const { rows } = await pool.query<{ rows: string; digest: string | null }>(
      `SELECT count(*) AS rows, md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest
       FROM (SELECT to_jsonb(t) AS x FROM ${table} t) s`,
    );
    snapshot[table] = { rows: Number(rows[0]?.rows ?? 0), digest: rows[0]?.digest ?? '' };
  }
  return snapshot;
}

/**
 * Waits until the projection's stored checkpoint has nothing after it in the log, counting events
 * that PostgreSQL's horizon still hides (a transaction of a suite running beside this one, anywhere
 * on the server, can hold it): an empty page with `heldBackMatching` is not the end.
 */
export async function waitUntilApplied(
  pool: pg.Pool,
  store: Pick<EventStore, 'readAll'>,
  projections: readonly Projection[],
  timeoutMs = 60_000,
) {
  for (const projection of projections) {
    await waitFor(
      async () => {
        const { rows } = await pool.query<{ checkpoint: string | null }>(
          'SELECT checkpoint FROM projection_checkpoints WHERE name = $1',
          [projection.name],
        );
        const checkpoint = rows[0]?.checkpoint;
        if (checkpoint === undefined) return false;
        const page = await store.readAll(checkpoint ?? START, 1, projection.filter);
        return page.events.length === 0 && !page.heldBackMatching;
      },
      { timeoutMs, intervalMs: 100, what: `projection ${projection.name} to apply the whole log` },
    );
  }
}
