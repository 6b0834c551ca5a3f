// How long migration 003 (stream numbers) holds its lock on a populated database:
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node dist/bench/eventstore/upgrade-timing.js [events, default 1002000]
// Builds a throwaway database at schema 002, appends the events (1,000 new streams x 3 a call, as the
// bench does) through that schema's eventstore_append, times `migrate(pool)`, and drops the database.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase } from '../../libs/testing/src/test-database.js';
import { migrate, NO_STREAM, PostgresEventStore, type AppendRequest } from '#eventstore';

// createTestDatabase names DATABASE_URL when it is missing.
const total = Number(process.argv[2] ?? 1_002_000);
const database = await createTestDatabase('upgrade_timing');
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
// Dropping the database WITH (FORCE) ends connections pool.end() is still closing: expected then.
pool.on('error', (error: Error & { code?: string }) => {
  if (error.code !== '57P01') throw error;
});
const store = new PostgresEventStore({ pool });
try {
  await migrate(pool, { through: 2 });
  for (let written = 0; written < total; written += 3000) {
    const requests: AppendRequest[] = Array.from({ length: 1000 }, (_, s) => ({
      streamId: `transaction-${randomUUID()}`,
      expected: NO_STREAM,
      events: [0, 1, 2].map((k) => ({
        eventId: randomUUID(),
        type: 'TransactionScored',
        schemaVersion: 1,
        data: { riskScore: k / 3, decision: 'APPROVE', amount: 12.5 + s },
        metadata: { actor: 'system', occurredAt: '2026-01-01T00:00:00.000Z', correlationId: randomUUID() },
      })),
    }));
    await store.appendMany(requests);
  }
  const started = performance.now();
  const { applied } = await migrate(pool);
  const { rows } = await pool.query<{ events: string; streams: string }>(
    'SELECT (SELECT count(*) FROM eventstore_events)::text AS events, (SELECT count(*) FROM eventstore_streams)::text AS streams',
  );
  console.log(
    `${applied.join(', ')}: ${((performance.now() - started) / 1000).toFixed(1)} s for ${rows[0]!.events} events in ${rows[0]!.streams} streams`,
  );
} finally {
  await store.close();
  await pool.end();
  await database.drop();
}
