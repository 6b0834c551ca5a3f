// The projections on a real PostgreSQL event store: a mixed workload lands in every read table,
// redelivery counts nothing twice, a rebuild equals the live tables row for row (rebuilt while the
// live projections run and events keep arriving), and a failing event stops only its projection.
import { ALL_PROJECTIONS } from './projection/all-projections.js';
import { rebuildProjections } from './rebuild/rebuild.js';
import { ProjectionFeed } from './runner/projection-feed.js';
import { ProjectionRunner } from './runner/projection-runner.js';
import {
  projectionTestBed,
  snapshotReadTables,
  waitUntilApplied,
  type ProjectionTestBed,
} from './testing/read-model.spec-helpers.js';
import { appendWorkload } from './workload/mixed-workload.js';

describe('projections on PostgreSQL', () => {
  let bed: ProjectionTestBed;
  let runners: ProjectionRunner[] = [];
  let feed: ProjectionFeed | undefined;
  // As the service runs them: every projection on one shared feed reader.
  const startRunners = () => {
    runners = ALL_PROJECTIONS.map((projection) => new ProjectionRunner(projection, bed.store, bed.pool));
    feed = new ProjectionFeed(bed.store, runners, { batchSize: 150, pollIntervalMs: 100 });
    feed.start();
  };
  const stopRunners = async () => {
    await feed?.stop();
  };
  const count = async (sql: string): Promise<number> =>
    Number((await bed.pool.query<{ n: string }>(sql)).rows[0]?.n);

  beforeAll(async () => {
    bed = await projectionTestBed('projections');
  });
  afterAll(async () => {
    await stopRunners();
    await bed.close();
  });

  it('projects a mixed workload into every read table, counters agreeing with the rows', async () => {
    await appendWorkload(bed.store, { transactions: 800, batchSize: 200, challenger: 'v2' });
    startRunners();
    await waitUntilApplied(bed.pool, bed.store, ALL_PROJECTIONS);

    expect(await count('SELECT count(*) AS n FROM transactions_enriched')).toBe(800);
    expect(await count(`SELECT count(*) AS n FROM transactions_enriched WHERE status = 'received'`)).toBe(0);
    expect(await count('SELECT sum(transactions) AS n FROM fraud_stats_minute')).toBe(800);
    expect(await count('SELECT sum(transactions) AS n FROM score_histogram WHERE bin_width = 0.05')).toBe(
      800,
    );
    expect(await count('SELECT sum(transactions) AS n FROM score_histogram WHERE bin_width = 0.01')).toBe(
      800,
    );
    for (const table of ['merchant_risk', 'country_risk', 'customer_risk']) {
      expect(await count(`SELECT sum(transactions) AS n FROM ${table}`)).toBe(800);
    }
    const fraud = await count(`SELECT count(*) AS n FROM transactions_enriched WHERE label = 'fraud'`);
    expect(fraud).toBeGreaterThan(0);
    expect(await count('SELECT sum(confirmed_fraud) AS n FROM merchant_risk')).toBe(fraud);
    expect(await count('SELECT count(*) AS n FROM labels WHERE is_fraud')).toBe(fraud);
    expect(await count(`SELECT sum(blocked) AS n FROM fraud_stats_minute`)).toBe(
      await count(`SELECT count(*) AS n FROM transactions_enriched WHERE status = 'blocked'`),
    );
    const alerts = await count(`SELECT count(*) AS n FROM transactions_enriched WHERE decision <> 'APPROVE'`);
    expect(await count('SELECT count(*) AS n FROM fraud_alerts')).toBe(alerts);
    expect(await count(`SELECT count(*) AS n FROM alert_timeline`)).toBe(
      await count(`SELECT count(*) AS n FROM eventstore_events WHERE stream_id LIKE 'alert-%'`),
    );
    expect(
      await count(`SELECT count(*) AS n FROM fraud_alerts WHERE status = 'RESOLVED' AND disposition IS NULL`),
    ).toBe(0);
    expect(await count(`SELECT version AS n FROM risk_policy`)).toBe(4);
    // The challenger's opinion of every transaction, beside the champion's decision.
    expect(
      await count(
        `SELECT count(*) AS n FROM transactions_enriched WHERE shadow_model_version = 'v2' AND shadow_decision IS NOT NULL AND shadow_risk_score BETWEEN 0 AND 1`,
      ),
    ).toBe(800);
    expect(
      await count(`SELECT count(*) AS n FROM transactions_enriched WHERE shadow_decision <> decision`),
    ).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM projection_checkpoints WHERE error IS NOT NULL`)).toBe(0);
  });

  it('counts nothing twice when the whole log is delivered again over the existing rows', async () => {
    const before = await snapshotReadTables(bed.pool);
    await stopRunners();
    // As if every checkpoint were lost: the rows stay, the events all come again.
    await bed.pool.query('UPDATE projection_checkpoints SET checkpoint = NULL');
    startRunners();
    await waitUntilApplied(bed.pool, bed.store, ALL_PROJECTIONS);
    expect(await snapshotReadTables(bed.pool)).toEqual(before);
  });

  it('catches up a projection behind the others from its own checkpoint, those ahead applying nothing twice', async () => {
    const before = await snapshotReadTables(bed.pool);
    const applied = async () =>
      (
        await bed.pool.query<{ name: string; n: string }>(
          'SELECT name, events_applied AS n FROM projection_checkpoints ORDER BY name',
        )
      ).rows;
    await stopRunners();
    const ahead = await applied();
    await bed.pool.query(`UPDATE projection_checkpoints SET checkpoint = NULL WHERE name = 'alerts'`);
    startRunners();
    await waitUntilApplied(bed.pool, bed.store, ALL_PROJECTIONS);
    await stopRunners();
    const after = await applied();
    const alertEvents = await count(
      `SELECT count(*) AS n FROM eventstore_events WHERE stream_id LIKE 'alert-%'`,
    );
    for (const row of after) {
      const was = Number(ahead.find((entry) => entry.name === row.name)?.n);
      expect(Number(row.n) - was).toBe(row.name === 'alerts' ? alertEvents : 0);
    }
    expect(await snapshotReadTables(bed.pool)).toEqual(before);
    startRunners();
  });

  it('rebuilds into fresh tables while the live projections run, and the result equals the live one row for row', async () => {
    const appending = appendWorkload(bed.store, {
      transactions: 400,
      batchSize: 100,
      prefix: 'x',
      seed: 11,
      challenger: 'v2',
    });
    const reports = await rebuildProjections(ALL_PROJECTIONS, {
      databaseUrl: bed.database.url,
      store: bed.store,
      batchSize: 300,
    });
    await appending;
    expect(reports.map((report) => report.projection)).toEqual(['transactions', 'alerts', 'policy']);
    await waitUntilApplied(bed.pool, bed.store, ALL_PROJECTIONS);
    expect(await count('SELECT count(*) AS n FROM transactions_enriched')).toBe(1200);
    expect(await count('SELECT sum(transactions) AS n FROM fraud_stats_minute')).toBe(1200);
    const live = await snapshotReadTables(bed.pool);

    await rebuildProjections(ALL_PROJECTIONS, { databaseUrl: bed.database.url, store: bed.store });
    expect(await snapshotReadTables(bed.pool)).toEqual(live);
    const { rows } = await bed.pool.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'`,
    );
    expect(rows).toEqual([]);
  });

  it('stops only the projection an event breaks, naming the event, and the others keep going', async () => {
    await bed.store.append(
      'alert-broken',
      [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          type: 'AlertClaimed',
          data: { alertId: 'broken', assignee: 'ana', claimedAt: '2025-02-01T00:00:00Z' },
          metadata: { actor: 'system', occurredAt: '2025-02-01T00:00:00Z' },
          schemaVersion: 1,
        },
      ],
      'no_stream',
    );
    await appendWorkload(bed.store, { transactions: 50, prefix: 'after', seed: 3 });
    const alerts = runners.find((runner) => runner.projection.name === 'alerts')!;
    const { waitFor } = await import('#testing');
    await waitFor(() => alerts.state.status === 'failed', { what: 'the alerts projection to stop' });
    await waitUntilApplied(
      bed.pool,
      bed.store,
      ALL_PROJECTIONS.filter((projection) => projection.name !== 'alerts'),
    );
    expect(
      await count(`SELECT count(*) AS n FROM transactions_enriched WHERE transaction_id LIKE 'after%'`),
    ).toBe(50);
    expect(await count(`SELECT count(*) AS n FROM fraud_alerts WHERE alert_id LIKE 'after%'`)).toBe(0);
    const failure = await waitFor(async () => {
      const { rows } = await bed.pool.query<{
        failed_event: { streamId: string; type: string } | null;
        error: string | null;
      }>(`SELECT failed_event, error FROM projection_checkpoints WHERE name = 'alerts'`);
      return rows[0]?.failed_event ? rows[0] : undefined;
    });
    expect(failure.failed_event).toMatchObject({ streamId: 'alert-broken', type: 'AlertClaimed' });
    expect(failure.error).toContain('before its AlertRaised');
  });
});
