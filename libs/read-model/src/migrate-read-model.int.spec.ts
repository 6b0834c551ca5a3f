// The read model's migrations run on a real PostgreSQL, once, and TypeORM reads the tables back.
import { createTestDatabase, type TestDatabase } from '#testing';
import { DataSource } from 'typeorm';
import {
  FraudAlert,
  migrateReadModel,
  READ_MODEL_MIGRATIONS_TABLE,
  READ_MODEL_TABLES,
  readModelDataSource,
  readModelMigrationClasses,
} from './index.js';

describe('migrateReadModel', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('read_model');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('creates every read table once, and a second run (even concurrent) applies nothing', async () => {
    const [first, second] = await Promise.all([
      migrateReadModel(database.url),
      migrateReadModel(database.url),
    ]);
    expect([...first.applied, ...second.applied]).toEqual([
      'ReadTables1760000000001',
      'ShadowScores1760000000002',
      'StatisticsWithTransactions1760000000003',
      'FewerTransactionIndexes1760000000004',
      'AlertIndexesRead1760000000005',
    ]);
    expect((await migrateReadModel(database.url)).applied).toEqual([]);

    const dataSource = readModelDataSource(database.url);
    await dataSource.initialize();
    try {
      const tables = await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining([...READ_MODEL_TABLES]));
      // Migration 4: no status index, and the decision index holds REVIEW and BLOCK rows only.
      const indexes = await dataSource.query<{ indexname: string; indexdef: string }[]>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'transactions_enriched' ORDER BY indexname`,
      );
      expect(indexes.map((index) => index.indexname)).toEqual([
        'transactions_enriched_by_customer',
        'transactions_enriched_by_score',
        'transactions_enriched_by_time',
        'transactions_enriched_flagged_by_decision',
        'transactions_enriched_pkey',
        'transactions_enriched_shadow_by_scored',
      ]);
      // Migration 5: fraud_alerts keeps the indexes the alert list reads.
      const alertIndexes = await dataSource.query<{ indexname: string }[]>(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'fraud_alerts' ORDER BY indexname`,
      );
      expect(alertIndexes.map((index) => index.indexname)).toEqual([
        'fraud_alerts_by_assignee',
        'fraud_alerts_by_customer',
        'fraud_alerts_by_opened',
        'fraud_alerts_by_status_opened',
        'fraud_alerts_pkey',
      ]);
      expect(indexes.find((index) => index.indexname.includes('flagged'))?.indexdef).toMatch(
        /WHERE \(decision <> 'APPROVE'::text\)$/,
      );
      await dataSource.query(
        `INSERT INTO fraud_alerts (alert_id, transaction_id, customer_id, merchant_id, amount, currency, risk_score,
           decision, status, opened_at, expected_loss, version, updated_at)
         VALUES ('a1', 'a1', 'c1', 'm1', 120.5, 'EUR', 0.9, 'BLOCK', 'OPEN', now(), 108.45, 1, now())`,
      );
      const alert = await dataSource.getRepository(FraudAlert).findOneByOrFail({ alertId: 'a1' });
      expect(alert).toMatchObject({ amount: 120.5, expectedLoss: 108.45, status: 'OPEN', reasons: [] });
    } finally {
      await dataSource.destroy();
    }
  });

  it('given a read model of two projections (migration 2) with rows, when migrated, then the transactions and statistics tables start again from the log and the others keep their rows', async () => {
    // Given: the schema before migration 3, with rows and checkpoints as the two projections left them
    const older = await createTestDatabase('read_model_v2');
    try {
      const v2 = new DataSource({
        type: 'postgres',
        url: older.url,
        migrations: readModelMigrationClasses.slice(0, 2),
        migrationsTableName: READ_MODEL_MIGRATIONS_TABLE,
      });
      await v2.initialize();
      await v2.runMigrations({ transaction: 'each' });
      await v2.query(
        `INSERT INTO transactions_enriched (transaction_id, status, updated_at) VALUES ('t1', 'received', now())`,
      );
      await v2.query(`INSERT INTO statistics_transaction_facts (transaction_id, facts) VALUES ('t1', '{}')`);
      await v2.query(`INSERT INTO merchant_risk (merchant_id, transactions) VALUES ('m1', 1)`);
      await v2.query(
        `INSERT INTO fraud_alerts (alert_id, transaction_id, customer_id, merchant_id, amount, currency, risk_score,
           decision, status, opened_at, expected_loss, version, updated_at)
         VALUES ('a1', 'a1', 'c1', 'm1', 1, 'EUR', 0.9, 'BLOCK', 'OPEN', now(), 0.9, 1, now())`,
      );
      await v2.query(
        `INSERT INTO projection_checkpoints (name, checkpoint) VALUES
           ('transactions', 'pg:1:10'), ('statistics', 'pg:1:9'), ('alerts', 'pg:1:10')`,
      );
      await v2.destroy();

      // When
      const { applied } = await migrateReadModel(older.url);

      // Then
      expect(applied).toEqual([
        'StatisticsWithTransactions1760000000003',
        'FewerTransactionIndexes1760000000004',
        'AlertIndexesRead1760000000005',
      ]);
      const dataSource = readModelDataSource(older.url);
      await dataSource.initialize();
      try {
        const count = async (sql: string) => Number((await dataSource.query<{ n: string }[]>(sql))[0]?.n);
        expect(await count('SELECT count(*) AS n FROM transactions_enriched')).toBe(0);
        expect(await count('SELECT count(*) AS n FROM merchant_risk')).toBe(0);
        expect(await count('SELECT count(*) AS n FROM fraud_alerts')).toBe(1);
        expect(
          await dataSource.query(`SELECT name, checkpoint FROM projection_checkpoints ORDER BY name`),
        ).toEqual([
          { name: 'alerts', checkpoint: 'pg:1:10' },
          { name: 'transactions', checkpoint: 'replay-from-start' },
        ]);
        expect(
          await count(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'statistics_transaction_facts'`),
        ).toBe(0);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await older.drop();
    }
  });
});
