// Proves the PostgreSQL plumbing: the run's server (embedded unless DATABASE_URL is set) answers,
// and each suite gets a database of its own that is gone afterwards.
import pg from 'pg';
import { createTestDatabase, serverUrl, type TestDatabase } from '#testing';

describe('PostgreSQL test plumbing', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('plumbing');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('runs queries against a real server in a database of its own', async () => {
    const { rows } = await client.query<{ name: string; major: number }>(
      "SELECT current_database() AS name, current_setting('server_version_num')::int / 10000 AS major",
    );
    expect(rows[0]?.name).toBe(database.name);
    expect(rows[0]?.major).toBeGreaterThanOrEqual(14);
  });

  it('keeps what a suite writes inside its own database', async () => {
    await client.query('CREATE TABLE probe (id int PRIMARY KEY, note text)');
    await client.query("INSERT INTO probe VALUES (1, 'written by this suite')");
    const { rows } = await client.query<{ note: string }>('SELECT note FROM probe WHERE id = 1');
    expect(rows).toEqual([{ note: 'written by this suite' }]);
  });

  it('drops a test database completely', async () => {
    const other = await createTestDatabase('dropped');
    await other.drop();
    const admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [other.name]);
      expect(rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
