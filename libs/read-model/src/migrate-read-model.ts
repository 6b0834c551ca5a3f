// Brings a database's read tables up to date with TypeORM migrations (never `synchronize`). Safe on
// every start and from several processes at once: an advisory lock serialises them.
import { DataSource } from 'typeorm';
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
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    const retriable = typeof code === 'string' && /^(08|53|57|ECONN)/.test(code);
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
