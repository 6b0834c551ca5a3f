// The read model's migrations run on a real PostgreSQL, once, and TypeORM reads the tables back.
import { createTestDatabase, type TestDatabase } from '#testing';
import { FraudAlert, migrateReadModel, READ_MODEL_TABLES, readModelDataSource } from './index.js';

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
    ]);
    expect((await migrateReadModel(database.url)).applied).toEqual([]);

    const dataSource = readModelDataSource(database.url);
    await dataSource.initialize();
    try {
      const tables = await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining([...READ_MODEL_TABLES]));
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
});
