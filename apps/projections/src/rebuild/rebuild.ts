// Rebuilds projections from the start of the log into fresh tables, then switches over without
// taking readers down: the fresh tables are built in a shadow schema (the same migrations, replayed
// there), caught up while the live projection keeps running, and swapped in by one transaction that
// locks the live tables, applies the last events, drops the old tables, moves the new ones in and
// hands their checkpoint to the live projection (whose next commit then restarts from it).
import { randomBytes } from 'node:crypto';
import { guardCheckedOutClients, START, type EventStore, type FeedPosition } from '#eventstore';
import { READ_MODEL_MIGRATIONS } from '#read-model';
import pg from 'pg';
import type { Projection } from '../projection/projection.js';
import { applyIsolated, ProjectionRunner } from '../runner/projection-runner.js';

export interface RebuildOptions {
  readonly databaseUrl: string;
  readonly store: EventStore;
  /** Pages of the rebuild's feed: ProjectionFeedOptions' batchSize and maxBatchSize. */
  readonly batchSize?: number;
  readonly maxBatchSize?: number;
  readonly log?: (entry: Record<string, unknown>) => void;
}

export interface RebuildReport {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
}

/** Rebuilds each projection in turn; the live tables of one are replaced only when its shadow is complete. */
export async function rebuildProjections(
  projections: readonly Projection[],
  options: RebuildOptions,
): Promise<RebuildReport[]> {
  const reports: RebuildReport[] = [];
  for (const projection of projections) reports.push(await rebuildProjection(projection, options));
  return reports;
}

export async function rebuildProjection(
  projection: Projection,
  options: RebuildOptions,
): Promise<RebuildReport> {
  const started = Date.now();
  const schema = `rebuild_${projection.name}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const shadow = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 3,
    options: `-c search_path=${schema},public`,
  });
  // An idle connection the server drops is replaced by the pool on the next query; without a
  // listener pg would crash the process with it. Say so and carry on.
  for (const pool of [admin, shadow]) {
    pool.on('error', (error) =>
      options.log?.({
        level: 'warn',
        msg: 'idle database connection closed (retriable)',
        error: error.message,
      }),
    );
    guardCheckedOutClients(pool);
  }
  try {
    await createShadowSchema(admin, schema);
    options.log?.({ msg: 'rebuilding into shadow schema', projection: projection.name, schema });
    const runner = new ProjectionRunner(projection, options.store, shadow, {
      batchSize: options.batchSize,
      maxBatchSize: options.maxBatchSize,
    });
    runner.start();
    await Promise.race([runner.caughtUp, failure(runner)]);
    await runner.stop();
    if (runner.state.status === 'failed')
      throw new Error(`Rebuild of ${projection.name} failed: ${runner.state.error}`);
    const { rows } = await shadow.query<{ checkpoint: string | null }>(
      'SELECT checkpoint FROM projection_checkpoints WHERE name = $1',
      [projection.name],
    );
    const events = await switchOver(admin, schema, projection, options.store, rows[0]?.checkpoint ?? START);
    options.log?.({ msg: 'switched to rebuilt tables', projection: projection.name, events });
    return { projection: projection.name, events, seconds: (Date.now() - started) / 1000 };
  } finally {
    await shadow.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

async function createShadowSchema(admin: pg.Pool, schema: string): Promise<void> {
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    for (const migration of READ_MODEL_MIGRATIONS)
      for (const statement of migration.statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Resolves never; rejects when the runner stops on a failure (polled: the runner reports by state). */
function failure(runner: ProjectionRunner): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setInterval(() => {
      if (runner.state.status === 'failed') {
        clearInterval(timer);
        reject(new Error(`Rebuild of ${runner.projection.name} stopped: ${runner.state.error}`));
      }
    }, 100);
    void runner.caughtUp.then(() => clearInterval(timer));
  });
}

async function switchOver(
  admin: pg.Pool,
  schema: string,
  projection: Projection,
  store: EventStore,
  from: FeedPosition,
): Promise<number> {
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    // Readers and the live runner wait here for the few milliseconds the switch takes.
    await client.query(
      `LOCK TABLE ${projection.tables.map((table) => `public.${table}`).join(', ')} IN ACCESS EXCLUSIVE MODE`,
    );
    await client.query(
      `INSERT INTO public.projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`,
      [projection.name],
    );
    await client.query('SELECT 1 FROM public.projection_checkpoints WHERE name = $1 FOR UPDATE', [
      projection.name,
    ]);
    // The last events, appended while the shadow caught up, go into the shadow tables now.
    await client.query(`SET LOCAL search_path TO ${schema}, public`);
    let position = from;
    let applied = 0;
    let lastEventAt: string | null = null;
    for (;;) {
      const page = await store.readAll(position, 2000, projection.filter);
      if (page.events.length > 0) await applyIsolated(projection, page.events, client);
      applied += page.events.length;
      lastEventAt = page.events.at(-1)?.recordedAt ?? lastEventAt;
      position = page.checkpoint;
      if (page.endOfFeed) break;
    }
    // The events of this final catch-up count like any others (events_applied, last_event_at).
    await client.query(
      `UPDATE ${schema}.projection_checkpoints
       SET checkpoint = $2, events_applied = events_applied + $3,
           last_event_at = COALESCE($4::timestamptz, last_event_at)
       WHERE name = $1`,
      [projection.name, position === START ? null : position, applied, lastEventAt],
    );
    for (const table of projection.tables) {
      await client.query(`DROP TABLE public.${table}`);
      await client.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
    }
    const { rows } = await client.query<{ events_applied: string; last_event_at: Date | null }>(
      `SELECT events_applied, last_event_at FROM ${schema}.projection_checkpoints WHERE name = $1`,
      [projection.name],
    );
    await client.query(
      `UPDATE public.projection_checkpoints SET checkpoint = $2, updated_at = now(), events_applied = $3,
         last_event_at = $4, failed_event = NULL, error = NULL, failed_at = NULL
       WHERE name = $1`,
      [
        projection.name,
        position === START ? null : position,
        rows[0]?.events_applied ?? 0,
        rows[0]?.last_event_at ?? null,
      ],
    );
    await client.query('COMMIT');
    return Number(rows[0]?.events_applied ?? 0);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
