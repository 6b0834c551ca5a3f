// The projections service as a real process, killed with SIGKILL in the middle of its batches and
// started again: nothing is lost and nothing is counted twice (the rows equal a clean rebuild).
import {
  freePort,
  startServiceProcess,
  waitForHealth,
  type ServiceProcess,
} from '../../../test/services/service-process.js';
import { waitFor } from '#testing';
import { ALL_PROJECTIONS } from './projection/all-projections.js';
import { rebuildProjections } from './rebuild/rebuild.js';
import {
  projectionTestBed,
  snapshotReadTables,
  waitUntilApplied,
  type ProjectionTestBed,
} from './testing/read-model.spec-helpers.js';
import { appendWorkload } from './workload/mixed-workload.js';

describe('projections process killed mid-batch', () => {
  let bed: ProjectionTestBed;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    bed = await projectionTestBed('projections_crash');
  });
  afterAll(async () => {
    await service?.stop();
    await bed.close();
  });

  const start = async () => {
    const port = await freePort();
    service = startServiceProcess('projections', {
      DATABASE_URL: bed.database.url,
      PROJECTIONS_PORT: String(port),
      PROJECTIONS_BATCH_SIZE: '100',
      LOG_LEVEL: 'warn',
    });
    await waitForHealth(port, service);
    return port;
  };
  const applied = async (name: string) =>
    Number(
      (
        await bed.pool.query<{ n: string }>(
          'SELECT events_applied AS n FROM projection_checkpoints WHERE name = $1',
          [name],
        )
      ).rows[0]?.n ?? 0,
    );

  it('loses and double-counts nothing across a SIGKILL and a restart', async () => {
    const total = await appendWorkload(bed.store, { transactions: 6000, batchSize: 500 });
    await start();
    await waitFor(async () => (await applied('transactions')) > 500, {
      what: 'the transactions projection (and the statistics) to be under way',
      intervalMs: 20,
    });
    const killed = service!;
    killed.child.kill('SIGKILL');
    await killed.stop();
    const atKill = await applied('transactions');
    expect(atKill).toBeLessThan(total);

    const port = await start();
    await waitUntilApplied(bed.pool, bed.store, ALL_PROJECTIONS, 120_000);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as unknown;
    expect(ready).toMatchObject({ ready: true });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('projection_events_applied_total{projection="transactions"');
    await service!.stop();
    service = undefined;

    const sum = async (sql: string) => Number((await bed.pool.query<{ n: string }>(sql)).rows[0]?.n);
    expect(await sum('SELECT count(*) AS n FROM transactions_enriched')).toBe(6000);
    expect(await sum('SELECT sum(transactions) AS n FROM fraud_stats_minute')).toBe(6000);
    expect(await sum('SELECT sum(transactions) AS n FROM score_histogram WHERE bin_width = 0.01')).toBe(6000);
    const afterRestart = await snapshotReadTables(bed.pool);
    await rebuildProjections(ALL_PROJECTIONS, { databaseUrl: bed.database.url, store: bed.store });
    expect(await snapshotReadTables(bed.pool)).toEqual(afterRestart);
  });
});
