// The PostgreSQL adapter held to the shared contract, on a database of its own: once as configured
// by default, and with every appendMany split into one statement per stream (maxStatementBytes 1),
// one part at a time and three at once, so the split path keeps every promise the whole-batch path
// does (three at once gives up only the feed order of a call's streams, as the option says).
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#testing';
import { eventStoreContract } from '../contract/index.js';
import { migrate } from './migrate.js';
import { PostgresCheckpointStore } from './postgres-checkpoint-store.js';
import { PostgresEventStore } from './postgres-event-store.js';

function postgresContract(
  name: string,
  split: { maxStatementBytes?: number; appendConcurrency?: number } = {},
): void {
  eventStoreContract(
    name,
    async ({ upcasters }) => {
      const database: TestDatabase = await createTestDatabase('eventstore_contract');
      const pool = new pg.Pool({ connectionString: database.url, max: 30 });
      // pool.end() resolves before its connections have closed, so dropping the database (WITH FORCE)
      // can terminate them as they go; anything else reaching here is a real failure.
      let closing = false;
      pool.on('error', (error) => {
        if (!(closing && (error as { code?: string }).code === '57P01')) throw error;
      });
      await migrate(pool);
      const store = new PostgresEventStore({ pool, upcasters, ...split });
      return {
        store,
        checkpoints: new PostgresCheckpointStore(pool),
        openWriter: async () => {
          const client = await pool.connect();
          await client.query('BEGIN');
          const finish = async (sql: string) => {
            try {
              await client.query(sql);
            } finally {
              client.release();
            }
          };
          return {
            appendMany: (requests) => store.appendMany(requests, { client }),
            commit: () => finish('COMMIT'),
            rollback: () => finish('ROLLBACK'),
          };
        },
        close: async () => {
          closing = true;
          await store.close();
          await pool.end();
          await database.drop();
        },
      };
    },
    {
      outOfOrderCommits: true,
      batchOrderInFeed: split.appendConcurrency === undefined || split.appendConcurrency === 1,
    },
  );
}

postgresContract('postgres');
postgresContract('postgres, batches split per stream', { maxStatementBytes: 1 });
postgresContract('postgres, batches split per stream, three at once', {
  maxStatementBytes: 1,
  appendConcurrency: 3,
});
