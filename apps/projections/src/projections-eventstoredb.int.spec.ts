// The projections service with EVENT_STORE=eventstoredb. No EventStoreDB server can run here, so:
// (1) the shared feed, the runners and the PostgreSQL checkpoint tables run on the positions the
// EventStoreDB adapter issues (the in-memory store re-labelled with them), and (2) the service
// itself, started with EVENT_STORE=eventstoredb on a checkpoint table PostgreSQL wrote, stops every
// projection with the rebuild as the fix and reports the event store in use on /ready.
import type { INestApplication } from '@nestjs/common';
import { migrateReadModel } from '#read-model';
import { startService } from '#platform';
import { createTestDatabase, waitFor, type TestDatabase } from '#testing';
import pg from 'pg';
import { ALL_PROJECTIONS } from './projection/all-projections.js';
import { loadProjectionsConfig } from './projections.config.js';
import { projectionsService } from './projections.service.js';
import { ProjectionFeed } from './runner/projection-feed.js';
import { ProjectionRunner } from './runner/projection-runner.js';
import { EventStoreDbPositionedStore } from './testing/eventstoredb-positions.spec-helpers.js';
import { waitUntilApplied } from './testing/read-model.spec-helpers.js';
import { appendWorkload } from './workload/mixed-workload.js';

describe('projections on EventStoreDB positions', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('projections_esdb');
    await migrateReadModel(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: ALL_PROJECTIONS.length + 2 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const count = async (sql: string): Promise<number> =>
    Number((await pool.query<{ n: string }>(sql)).rows[0]?.n);

  it('applies every event once, keeping esdb checkpoints, across a restart from them', async () => {
    // Positions run from just under 10^16 (past 2^53) across a digit length: only a numeric order holds.
    const store = new EventStoreDbPositionedStore(10n ** 16n - 97n * 300n);
    const run = () => {
      const runners = ALL_PROJECTIONS.map((projection) => new ProjectionRunner(projection, store, pool));
      const feed = new ProjectionFeed(store, runners, {
        batchSize: 150,
        pollIntervalMs: 100,
        eventStore: 'eventstoredb',
      });
      feed.start();
      return { runners, feed };
    };

    await appendWorkload(store, { transactions: 300, batchSize: 100, seed: 7 });
    const first = run();
    await waitUntilApplied(pool, store, ALL_PROJECTIONS);
    await first.feed.stop();
    expect(first.runners.map((runner) => runner.state.status)).not.toContain('failed');

    // More events while stopped; the restart resumes from the esdb checkpoints stored in PostgreSQL.
    await appendWorkload(store, { transactions: 200, batchSize: 100, seed: 8, prefix: 'second-' });
    const second = run();
    await waitUntilApplied(pool, store, ALL_PROJECTIONS);
    await second.feed.stop();

    expect(await count('SELECT count(*) AS n FROM transactions_enriched')).toBe(500);
    expect(await count('SELECT sum(transactions) AS n FROM fraud_stats_minute')).toBe(500);
    expect(await count('SELECT sum(transactions) AS n FROM merchant_risk')).toBe(500);
    expect(await count(`SELECT count(*) AS n FROM projection_checkpoints WHERE error IS NOT NULL`)).toBe(0);
    const { rows } = await pool.query<{ checkpoint: string }>(
      'SELECT checkpoint FROM projection_checkpoints',
    );
    expect(rows).toHaveLength(ALL_PROJECTIONS.length);
    for (const { checkpoint } of rows) {
      expect(checkpoint).toMatch(/^esdb:(\d+):\1$/);
      expect(BigInt(checkpoint.split(':')[1]!)).toBeGreaterThan(2n ** 53n);
    }
    // The feed went past the digit-length change (10^16): an order of strings would have stalled it.
    expect(
      await count(`SELECT count(*) AS n FROM projection_checkpoints WHERE length(checkpoint) = 40`),
    ).toBe(ALL_PROJECTIONS.length);
    await store.close();
  });
});

describe('the projections service with EVENT_STORE=eventstoredb', () => {
  let database: TestDatabase;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('projections_esdb_service');
    await migrateReadModel(database.url);
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  it('stops each projection whose checkpoint PostgreSQL wrote, naming the rebuild, and reports EventStoreDB on /ready', async () => {
    // given a checkpoint table written while the projections ran on PostgreSQL
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    for (const projection of ALL_PROJECTIONS) {
      await admin.query(
        `INSERT INTO projection_checkpoints (name, checkpoint) VALUES ($1, 'pg:812:4051')
         ON CONFLICT (name) DO UPDATE SET checkpoint = excluded.checkpoint`,
        [projection.name],
      );
    }
    // when the service starts on EventStoreDB (a closed port: no server is needed to see this)
    const config = loadProjectionsConfig({
      DATABASE_URL: database.url,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false',
      LOG_LEVEL: 'error',
      PROJECTIONS_LAG_PROBE_MS: '600000',
    });
    app = await startService(projectionsService, { ...config, PROJECTIONS_PORT: 0 });
    const { port } = (app.getHttpServer() as { address(): { port: number } }).address();
    const ready = `http://127.0.0.1:${port}/ready`;
    type Report = { checks: Record<string, { ok: boolean; detail?: string }> };
    let report: Report = { checks: {} };
    await waitFor(
      async () => {
        report = (await (await fetch(ready)).json()) as Report;
        return ALL_PROJECTIONS.every((p) => report.checks[`projection:${p.name}`]?.ok === false);
      },
      { timeoutMs: 20_000, what: 'every projection to stop on the PostgreSQL checkpoint' },
    );

    // then every projection says which store wrote its checkpoint and how to fix it
    for (const projection of ALL_PROJECTIONS) {
      expect(report.checks[`projection:${projection.name}`]?.detail).toBe(
        'failed: Checkpoint "pg:812:4051" was written by the PostgreSQL event store, but the projections ' +
          'run on EventStoreDB (EVENT_STORE=eventstoredb): the checkpoint table was written while they ' +
          'ran on the other store. Rebuild the projections from the store in use: npm run ' +
          'projections:rebuild, with the same EVENT_STORE (and EVENTSTORE_URL) as the service.',
      );
    }
    // and /ready reports on EventStoreDB, the store in use
    expect(report.checks['event-store']?.ok).toBe(false);
    expect(report.checks['event-store']?.detail).toMatch(/^eventstoredb: EventStoreDB failed/);
    // and the PostgreSQL event store's tables were not made, the checkpoints were left as they were
    const { rows } = await admin.query<{ events: string | null; checkpoints: string[] }>(
      `SELECT to_regclass('eventstore_migrations')::text AS events,
              (SELECT array_agg(DISTINCT checkpoint) FROM projection_checkpoints) AS checkpoints`,
    );
    expect(rows[0]).toEqual({ events: null, checkpoints: ['pg:812:4051'] });
    await admin.end();
  });
});
