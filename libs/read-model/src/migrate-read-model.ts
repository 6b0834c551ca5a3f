// Brings a database's read tables up to date with TypeORM migrations (never `synchronize`). Safe on
// every start and from several processes at once: an advisory lock serialises them.
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { guardCheckedOutClients, isRetriablePgError } from '#eventstore';
import { readModelEntities } from './read-model.entities.js';
import { readModelMigrationClasses } from './migrations/read-model.migrations.js';

// "readmodl" in ASCII, recognisable in pg_locks.
const LOCK_KEY = '7306916288264940652';
export const READ_MODEL_MIGRATIONS_TABLE = 'read_model_migrations';

export function readModelDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: readModelEntities,
    migrations: readModelMigrationClasses,
    migrationsTableName: READ_MODEL_MIGRATIONS_TABLE,
    synchronize: false,
    poolSize: options.poolSize ?? 4,
  });
}

/** Applies pending read-model migrations; returns the names applied. */
export async function migrateReadModel(dataSourceOrUrl: DataSource | string): Promise<{ applied: string[] }> {
  const dataSource =
    typeof dataSourceOrUrl === 'string' ? readModelDataSource(dataSourceOrUrl) : dataSourceOrUrl;
  const owned = typeof dataSourceOrUrl === 'string';
  try {
    if (!dataSource.isInitialized) await dataSource.initialize();
    // The migrations hold one connection for the lock and lend others out; a restart between two
    // statements must fail them (retriable), not end the process.
    guardCheckedOutClients((dataSource.driver as PostgresDriver).master as pg.Pool);
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      try {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        return { applied: applied.map((migration) => migration.name) };
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    } finally {
      await lock.release();
    }
  } catch (error) {
    throw new ReadModelMigrationFailed(error);
  } finally {
    if (owned && dataSource.isInitialized) await dataSource.destroy();
  }
}

export class ReadModelMigrationFailed extends Error {
  override readonly name = 'ReadModelMigrationFailed';
  readonly retriable: boolean;
  constructor(cause: unknown) {
    // One classification of pg errors for the whole code base (the event store's): a connection lost
    // between two statements carries no SQLSTATE, only its message.
    const retriable = isRetriablePgError(cause);
    super(
      `Read-model migration failed: ${cause instanceof Error ? cause.message : String(cause)} ` +
        (retriable
          ? '(retriable: the database was unreachable; start again when it is up)'
          : '(not retriable: check DATABASE_URL and that the user may create tables)'),
      { cause },
    );
    this.retriable = retriable;
  }
}
