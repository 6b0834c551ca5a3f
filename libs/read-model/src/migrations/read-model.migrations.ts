// The read model's numbered migrations as TypeORM migration classes. Each wraps plain DDL (the
// `*.sql.ts` beside it) so a rebuild can replay the very same statements into a shadow schema.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readTablesV1 } from './001-read-tables.sql.js';
import { shadowScoresV2 } from './002-shadow-scores.sql.js';
import {
  statisticsWithTransactionsV3,
  statisticsWithTransactionsV3Down,
} from './003-statistics-with-transactions.sql.js';
import {
  fewerTransactionIndexesV4,
  fewerTransactionIndexesV4Down,
} from './004-fewer-transaction-indexes.sql.js';
import { alertIndexesReadV5, alertIndexesReadV5Down } from './005-alert-indexes-read.sql.js';

export interface ReadModelMigration {
  readonly version: number;
  readonly statements: readonly string[];
}

/** Every migration's DDL, in order: what builds an empty read model from nothing. */
export const READ_MODEL_MIGRATIONS: readonly ReadModelMigration[] = [
  { version: 1, statements: readTablesV1 },
  { version: 2, statements: shadowScoresV2 },
  { version: 3, statements: statisticsWithTransactionsV3 },
  { version: 4, statements: fewerTransactionIndexesV4 },
  { version: 5, statements: alertIndexesReadV5 },
];

export const READ_MODEL_TABLES = [
  'transactions_enriched',
  'fraud_alerts',
  'alert_timeline',
  'fraud_stats_minute',
  'score_histogram',
  'merchant_risk',
  'country_risk',
  'customer_risk',
  'labels',
  'customer_blocklist',
  'risk_policy',
  'projection_checkpoints',
] as const;

export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

// TypeORM wants the class name to end with a JavaScript timestamp.
export class ReadTables1760000000001 implements MigrationInterface {
  name = 'ReadTables1760000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of readTablesV1) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...READ_MODEL_TABLES, 'statistics_transaction_facts'].reverse())
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

export class ShadowScores1760000000002 implements MigrationInterface {
  name = 'ShadowScores1760000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of shadowScoresV2) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS transactions_enriched_shadow_by_scored');
    await queryRunner.query(
      'ALTER TABLE transactions_enriched DROP COLUMN IF EXISTS shadow_model_version, DROP COLUMN IF EXISTS shadow_risk_score, DROP COLUMN IF EXISTS shadow_decision',
    );
  }
}

/** A migration that is two lists of statements, run in order: `up` forwards, `down` back. */
abstract class StatementsMigration implements MigrationInterface {
  abstract readonly name: string;
  protected abstract readonly upStatements: readonly string[];
  protected abstract readonly downStatements: readonly string[];

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

export class StatisticsWithTransactions1760000000003 extends StatementsMigration {
  name = 'StatisticsWithTransactions1760000000003';
  protected upStatements = statisticsWithTransactionsV3;
  protected downStatements = statisticsWithTransactionsV3Down;
}

export class FewerTransactionIndexes1760000000004 extends StatementsMigration {
  name = 'FewerTransactionIndexes1760000000004';
  protected upStatements = fewerTransactionIndexesV4;
  protected downStatements = fewerTransactionIndexesV4Down;
}

export class AlertIndexesRead1760000000005 extends StatementsMigration {
  name = 'AlertIndexesRead1760000000005';
  protected upStatements = alertIndexesReadV5;
  protected downStatements = alertIndexesReadV5Down;
}

export const readModelMigrationClasses = [
  ReadTables1760000000001,
  ShadowScores1760000000002,
  StatisticsWithTransactions1760000000003,
  FewerTransactionIndexes1760000000004,
  AlertIndexesRead1760000000005,
];
