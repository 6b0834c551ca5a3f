// libs/read-model: the PostgreSQL read tables (TypeORM entities + migrations) that projections write
// and case-management reads. Reference: docs/PROJECTIONS.md.
export * from './entities/alert.entities.js';
export * from './entities/transaction.entities.js';
export { moneyTransformer } from './entities/columns.js';
export { readModelEntities } from './read-model.entities.js';
export {
  READ_MODEL_MIGRATIONS,
  READ_MODEL_TABLES,
  readModelMigrationClasses,
  type ReadModelMigration,
  type ReadModelTable,
} from './migrations/read-model.migrations.js';
export {
  migrateReadModel,
  readModelDataSource,
  ReadModelMigrationFailed,
  READ_MODEL_MIGRATIONS_TABLE,
} from './migrate-read-model.js';
