// Applies the event store's numbered SQL migrations (./migrations/NNN_name.sql) once each, in order,
// under an advisory lock so several processes starting together do not race. Its bookkeeping table
// (eventstore_migrations) is its own, so other libraries' migrations never collide with it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { toStoreError } from './postgres-errors.js';

// Any constant works; this one is "eventstore" in ASCII, so it is recognisable in pg_locks.
const LOCK_KEY = 0x6576656e7473746fn;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The .sql files sit beside the sources; `tsc` does not copy them, so dist looks there too. */
function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'migrations'),
    path.join(here.replace(`${path.sep}dist${path.sep}`, path.sep), 'migrations'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `Event store migrations not found (looked in ${candidates.join(', ')}): ship libs/eventstore/src/postgres/migrations with the build.`,
    );
  }
  return found;
}

export function loadMigrations(folder = migrationsFolder()): Migration[] {
  return readdirSync(folder)
    .filter((file) => /^\d{3}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(path.join(folder, file), 'utf8'),
    }));
}

/**
 * Brings the database up to the latest event store schema; safe to call on every start.
 * `through` stops after that migration version (upgrade tests build an older schema with it).
 */
export async function migrate(
  pool: pg.Pool,
  options: { through?: number } = {},
): Promise<{ applied: string[] }> {
  const migrations = loadMigrations().filter(
    (migration) => options.through === undefined || migration.version <= options.through,
  );
  const client = await pool.connect().catch((error: unknown) => {
    throw toStoreError(error, 'connecting to migrate the event store');
  });
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY.toString()]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS eventstore_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM eventstore_migrations');
      const done = new Set(rows.map((row) => row.version));
      for (const migration of migrations.filter((candidate) => !done.has(candidate.version))) {
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO eventstore_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw toStoreError(error, `applying event store migration ${migration.version}_${migration.name}`);
        }
        applied.push(`${migration.version}_${migration.name}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
  return { applied };
}
