// A sustained run at a fixed rate (ingest over HTTP -> Kafka -> scoring -> event store ->
// projections, all as processes) with memory and latency recorded. After a warm-up, the steady
// state's start ("early", 20-50 % of the run) is compared with its end ("late", 70-100 %): resident
// memory may not grow beyond a bound and end-to-end latency (ingest's 202 -> TransactionScored
// committed) may not creep. Nothing is lost: every transaction is scored exactly once.
import type pg from 'pg';
import { waitFor } from '#testing';
import { announce, chaosScale, chaosSeed, reportFigures } from './harness/chaos-config.js';
import {
  checkerPool,
  type RestartableServer,
  startChaosKafka,
  startChaosPostgres,
} from './harness/chaos-servers.js';
import { checkEventLog } from './harness/invariants.js';
import { driveLoad, percentile } from './harness/load-driver.js';
import { median, sampleMemory } from './harness/resource-sampler.js';
import { ServiceFleet } from './harness/service-fleet.js';

const SCALE = { ci: { rate: 100, seconds: 120 }, full: { rate: 300, seconds: 600 } }[chaosScale()];
/** Resident memory may grow by at most this much (MiB), or this share, whichever is larger. */
const MEMORY_BOUND = { mib: 64, share: 0.3 };
/** Late p95 latency may be at most this multiple of the early one, or this many ms above it. */
const LATENCY_BOUND = { factor: 2, ms: 250 };

describe('sustained load at a fixed rate', () => {
  let postgres: RestartableServer | undefined;
  let kafka: RestartableServer | undefined;
  let fleet: ServiceFleet | undefined;
  let pool: pg.Pool;

  beforeAll(async () => {
    [postgres, kafka] = await Promise.all([startChaosPostgres(), startChaosKafka()]);
    fleet = new ServiceFleet({ databaseUrl: postgres.address, brokers: kafka.address });
    const services = fleet;
    await Promise.all((['ingest', 'scoring', 'projections'] as const).map((app) => services.start(app)));
    await fleet.waitAllReady(120_000);
    pool = checkerPool(postgres.address);
  }, 300_000);

  afterAll(async () => {
    await fleet?.stopAll();
    await pool?.end();
    await kafka?.stop();
    await postgres?.stop();
  }, 120_000);

  it('keeps memory within a bound and latency flat, and loses nothing', async () => {
    const seed = chaosSeed();
    announce('load', seed, { ...SCALE, MEMORY_BOUND, LATENCY_BOUND });
    const sampler = sampleMemory(() => fleet!.pids(), 5_000);
    const result = await driveLoad({
      ingestUrl: fleet!.url('ingest'),
      rate: SCALE.rate,
      count: SCALE.rate * SCALE.seconds,
      seed,
    });
    const ids = [...result.acceptedAt.keys()];
    const eventLog = await waitFor(
      async () => {
        const checked = await checkEventLog(pool, ids);
        return checked.violations.length === 0 ? checked : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1_000, what: 'every transaction scored once' },
    ).catch(async () => await checkEventLog(pool, ids));
    const memory = sampler.stop();
    expect(eventLog.violations).toEqual([]);

    const { rows } = await pool.query<{ id: string; ms: string }>(
      `SELECT substr(stream_id, 13) AS id, (extract(epoch FROM recorded_at) * 1000)::bigint AS ms
         FROM eventstore_events WHERE type = 'TransactionScored'`,
    );
    const start = Math.min(...result.acceptedAt.values());
    const span = Math.max(...result.acceptedAt.values()) - start;
    const phase = (at: number) => (at - start) / span;
    const early: number[] = [];
    const late: number[] = [];
    for (const { id, ms } of rows) {
      const accepted = result.acceptedAt.get(id)!;
      const share = phase(accepted);
      if (share >= 0.2 && share < 0.5) early.push(Number(ms) - accepted);
      if (share >= 0.7) late.push(Number(ms) - accepted);
    }
    const latency = (values: number[]) => ({
      p50: percentile(values, 50),
      p95: percentile(values, 95),
      p99: percentile(values, 99),
      n: values.length,
    });
    const rssIn = (from: number, to: number) =>
      Object.fromEntries(
        Object.keys(memory[0]!.rssMiB).map((app) => [
          app,
          Math.round(
            median(
              memory
                .filter(({ at }) => phase(at) >= from && phase(at) < to)
                .map(({ rssMiB }) => rssMiB[app]!),
            ),
          ),
        ]),
      );
    const figures = {
      seed,
      rate: SCALE.rate,
      transactions: ids.length,
      loadSeconds: result.seconds,
      achievedRate: Math.round(ids.length / result.seconds),
      endToEndMs: { early: latency(early), late: latency(late) },
      ingestRequestMs: {
        early: latency(
          result.requestLatencies.filter(([at]) => phase(at) >= 0.2 && phase(at) < 0.5).map(([, ms]) => ms),
        ),
        late: latency(result.requestLatencies.filter(([at]) => phase(at) >= 0.7).map(([, ms]) => ms)),
      },
      rssMiB: {
        early: rssIn(0.2, 0.5),
        late: rssIn(0.7, 1.01),
        peak: Object.fromEntries(
          Object.keys(memory[0]!.rssMiB).map((app) => [
            app,
            Math.round(Math.max(...memory.map(({ rssMiB }) => rssMiB[app]!))),
          ]),
        ),
      },
      memorySamples: memory.length,
      eventLog: eventLog.figures,
    };
    reportFigures('load', figures);

    expect(result.seconds).toBeLessThan(SCALE.seconds * 1.1); // the rate was held
    for (const app of Object.keys(figures.rssMiB.early)) {
      const before = figures.rssMiB.early[app]!;
      const bound = before + Math.max(MEMORY_BOUND.mib, before * MEMORY_BOUND.share);
      expect([app, figures.rssMiB.late[app]! <= bound]).toEqual([app, true]);
    }
    const { early: e, late: l } = figures.endToEndMs;
    expect(l.p95).toBeLessThanOrEqual(Math.max(e.p95 * LATENCY_BOUND.factor, e.p95 + LATENCY_BOUND.ms));
  }, 1_500_000);
});
