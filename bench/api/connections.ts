// `node dist/bench/api/connections.js [connections...]` (default 1 4 16): what a claim costs
// PostgreSQL when that many connections claim at once. Each connection reads an alert's stream and
// appends one event with the expected version, as `claimAlert` does, on streams of its own (no
// conflicts); the server's CPU is summed over the database's backends (`/proc/<pid>/stat`). The
// figure behind DATABASE_POOL_SIZE's default (docs/BENCHMARKS.md, "The API on Fastify").
// Throwaway database on DATABASE_URL's server (default 127.0.0.1:5432), dropped at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, PostgresEventStore, type EventToAppend } from '#eventstore';
import { startCpuWindow } from '../eventstore/cpu-meter.js';
import { scratchDatabase } from '../scratch-database.js';

const CLAIMS_PER_CONNECTION = 500;
const event = (type: string): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data: { alertId: 'a', note: 'seeded by bench/api/connections' },
  metadata: {
    actor: { id: 'alice', role: 'analyst' },
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
  },
  schemaVersion: 1,
});

const database = await scratchDatabase('connections');
try {
  for (const connections of (process.argv.slice(2).length ? process.argv.slice(2) : ['1', '4', '16']).map(
    Number,
  )) {
    const pool = new pg.Pool({ connectionString: database.url, max: connections });
    const store = new PostgresEventStore({ pool });
    await migrate(pool);
    const tag = randomBytes(3).toString('hex');
    const streams = Array.from({ length: connections }, (_, c) =>
      Array.from({ length: CLAIMS_PER_CONNECTION }, (_, i) => `alert-${tag}-${c}-${i}`),
    );
    await store.appendMany(
      streams
        .flat()
        .map((streamId) => ({ streamId, events: [event('AlertRaised')], expected: 'no_stream' as const })),
    );
    // Every connection open before the window, so the meter sees each backend from the start.
    await Promise.all(Array.from({ length: connections }, () => pool.query('SELECT 1')));
    const window = await startCpuWindow(pool, database.name);
    const started = performance.now();
    await Promise.all(
      streams.map(async (own) => {
        for (const streamId of own) {
          const history = await store.readStream(streamId);
          await store.append(streamId, [event('AlertClaimed')], history.length);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const { serverMs } = await window.stop();
    const claims = connections * CLAIMS_PER_CONNECTION;
    process.stdout.write(
      `${connections} connection(s): PostgreSQL CPU ${serverMs === undefined ? 'unavailable' : `${(serverMs / claims).toFixed(3)} ms`} per claim, ${Math.round(claims / seconds)} claims/s\n`,
    );
    await store.close();
    await pool.end().catch(() => undefined);
  }
} finally {
  await database.drop();
}
