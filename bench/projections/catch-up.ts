// Every projection caught up from the start of a log on one shared feed, timed, with the CPU it took:
// the projections bench's catch-up phase, and scripts/projections-catch-up-cpu.mjs's A/B runs.
import type { PostgresEventStore } from '#eventstore';
import type pg from 'pg';
import { ALL_PROJECTIONS } from '../../apps/projections/src/projection/all-projections.js';
import type { Projection } from '../../apps/projections/src/projection/projection.js';
import {
  DEFAULT_CATCH_UP_PAGE,
  DEFAULT_PAGE,
  ProjectionFeed,
} from '../../apps/projections/src/runner/projection-feed.js';
import { ProjectionRunner } from '../../apps/projections/src/runner/projection-runner.js';
import { postgresCpuSeconds } from '../e2e/processes.js';

/** Waits a little while the feed is held back, and gives up (rather than report a wrong rate) after 2 minutes. */
export async function heldBackPause(heldBack: boolean | undefined, since: number): Promise<void> {
  if (performance.now() - since > 120_000) {
    throw new Error(
      `the feed was ${heldBack ? 'held back by a transaction left open on the server' : 'short of events'} for 2 minutes: ` +
        'find it in pg_stat_activity (state "idle in transaction") and run the benchmark again',
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * The largest catch-up page from `variable`'s value: the service's default
 * (PROJECTIONS_CATCH_UP_BATCH_SIZE) when unset; a bad value throws, naming the variable.
 */
export function largestCatchUpPage(variable: string, setting: string | undefined): number {
  const page = Number(setting ?? DEFAULT_CATCH_UP_PAGE);
  if (!Number.isInteger(page) || page < 1)
    throw new Error(`${variable} must be a positive integer (events per page), not ${setting}`);
  return page;
}

/**
 * Catches every projection (or the ones given) up until `transactions_enriched` holds `transactions` rows, on pages as
 * the service reads them: PROJECTIONS_BATCH_SIZE's default, doubling up to `largestPage`. CPU per
 * transaction moves less than the wall-clock rate on a shared machine: this process (the
 * projections) and every PostgreSQL process (an upper bound: other suites' backends count).
 */
export async function timeCatchUp(
  store: PostgresEventStore,
  pool: pg.Pool,
  transactions: number,
  largestPage: number,
  projections: readonly Projection[] = ALL_PROJECTIONS,
): Promise<{ seconds: number; cpuMs: { node: number; postgres: number } }> {
  const cpuAtStart = process.cpuUsage();
  const postgresAtStart = postgresCpuSeconds();
  const started = performance.now();
  const runners = projections.map((projection) => new ProjectionRunner(projection, store, pool));
  const feed = new ProjectionFeed(store, runners, {
    batchSize: Math.min(DEFAULT_PAGE, largestPage),
    maxBatchSize: largestPage,
  });
  feed.start();
  await Promise.all(runners.map((runner) => runner.caughtUp));
  // caughtUp means "reached what is visible": wait for the rows of every transaction.
  const projected = async () =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM transactions_enriched')).rows[0]!.n);
  while ((await projected()) < transactions) await heldBackPause(true, started);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = {
    node: (cpu.user + cpu.system) / 1000,
    postgres: (postgresCpuSeconds() - postgresAtStart) * 1000,
  };
  await feed.stop();
  const failed = runners.filter((runner) => runner.state.status === 'failed');
  if (failed.length > 0)
    throw new Error(`projection failed: ${JSON.stringify(failed.map((runner) => runner.state))}`);
  return { seconds, cpuMs };
}
