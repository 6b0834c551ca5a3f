// Process and server faults during a simulated load, with real Kafka, real PostgreSQL and the apps
// as separate processes: scoring and projections SIGKILLed at random moments (and started again, as
// an orchestrator would), the PostgreSQL server and the Kafka broker restarted under the running
// services (which must recover by themselves). Afterwards: every transaction sent has exactly one
// TransactionScored, one alert per FraudSuspected, the read tables equal a rebuild from the log,
// Kafka offsets and projection checkpoints are at the end, every service is ready again.
import type pg from 'pg';
import { PostgresEventStore } from '#eventstore';
import { waitFor } from '#testing';
import {
  announce,
  chaosScale,
  chaosSeed,
  reportFigures,
  seededRandom,
  sleep,
} from './harness/chaos-config.js';
import {
  checkerPool,
  type RestartableServer,
  startChaosKafka,
  startChaosPostgres,
} from './harness/chaos-servers.js';
import { checkConsumerOffsets, checkEventLog, checkProjectionCheckpoints } from './harness/invariants.js';
import { driveLoad, type LoadResult } from './harness/load-driver.js';
import { checkReadTablesEqualRebuild } from './harness/read-tables.js';
import { type App, ServiceFleet } from './harness/service-fleet.js';

type Fault = 'kill-scoring' | 'kill-projections' | 'restart-postgres' | 'restart-kafka';

const SCALE = {
  ci: { transactions: 9_000, rate: 150, kills: 4, serverRestarts: 1 },
  full: { transactions: 90_000, rate: 300, kills: 15, serverRestarts: 3 },
}[chaosScale()];

/** Fault times (ms after the load starts) and kinds, from the seed: spread over 5-85 % of the run. */
function faultSchedule(random: () => number, loadMs: number): { at: number; fault: Fault; downMs: number }[] {
  const kinds: Fault[] = [
    ...Array<Fault>(SCALE.kills).fill('kill-scoring'),
    ...Array<Fault>(SCALE.kills).fill('kill-projections'),
    ...Array<Fault>(SCALE.serverRestarts).fill('restart-postgres'),
    ...Array<Fault>(SCALE.serverRestarts).fill('restart-kafka'),
  ];
  return kinds
    .map((fault) => ({
      fault,
      at: Math.round(loadMs * (0.05 + 0.8 * random())),
      downMs: Math.round(fault.startsWith('kill') ? 100 + 1_900 * random() : 1_000 + 2_000 * random()),
    }))
    .sort((a, b) => a.at - b.at);
}

describe('faults under load: SIGKILLs of scoring and projections, PostgreSQL and Kafka restarts', () => {
  let postgres: RestartableServer | undefined;
  let kafka: RestartableServer | undefined;
  let fleet: ServiceFleet | undefined;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const stopLoad = new AbortController();

  beforeAll(async () => {
    [postgres, kafka] = await Promise.all([startChaosPostgres(), startChaosKafka()]);
    fleet = new ServiceFleet({
      databaseUrl: postgres.address,
      brokers: kafka.address,
      env: { projections: { PROJECTIONS_BATCH_SIZE: '500' } },
    });
    const services = fleet;
    await Promise.all(
      (['ingest', 'scoring', 'projections', 'case-management'] as const).map((app) => services.start(app)),
    );
    await fleet.waitAllReady(120_000);
    pool = checkerPool(postgres.address);
    store = PostgresEventStore.connect(postgres.address, { max: 2 });
  }, 300_000);

  afterAll(async () => {
    stopLoad.abort();
    await fleet?.stopAll();
    await store?.close();
    await pool?.end();
    await kafka?.stop();
    await postgres?.stop();
  }, 120_000);

  it('loses nothing and double-counts nothing, and every service recovers by itself', async () => {
    const seed = chaosSeed();
    const random = seededRandom(seed);
    const loadMs = (SCALE.transactions / SCALE.rate) * 1000;
    const schedule = faultSchedule(random, loadMs);
    announce('faults', seed, { ...SCALE, schedule });
    const services = fleet!;
    const recoveries: { fault: Fault; seconds: number; readyAfter?: Record<string, number> }[] = [];
    const injected: Record<Fault, number> = {
      'kill-scoring': 0,
      'kill-projections': 0,
      'restart-postgres': 0,
      'restart-kafka': 0,
    };

    const started = Date.now();
    const load: Promise<LoadResult> = driveLoad(
      {
        ingestUrl: services.url('ingest'),
        rate: SCALE.rate,
        count: SCALE.transactions,
        seed,
      },
      stopLoad.signal,
    );
    const faults = (async () => {
      for (const { at, fault, downMs } of schedule) {
        await sleep(Math.max(0, started + at - Date.now()));
        const before = services.pids();
        const t0 = Date.now();
        let readyAfter: Record<string, number> | undefined;
        if (fault === 'kill-scoring' || fault === 'kill-projections') {
          await services.killAndRestart(fault.slice(5) as App, downMs);
        } else {
          await (fault === 'restart-postgres' ? postgres! : kafka!).restart(downMs);
          // No process is restarted for these: each must find its server again on its own.
          readyAfter = await services.waitAllReady(180_000);
          expect(services.pids()).toEqual(before);
        }
        injected[fault] += 1;
        recoveries.push({ fault, seconds: (Date.now() - t0) / 1000, ...(readyAfter ? { readyAfter } : {}) });
      }
    })().catch((error: unknown) => {
      stopLoad.abort(); // a fault that could not be injected or recovered from ends the run
      throw error;
    });
    const [result] = await Promise.all([load, faults]);

    const ids = [...result.acceptedAt.keys()];
    expect(ids).toHaveLength(SCALE.transactions);
    const retry = async <T>(probe: () => Promise<T>) => await probe().catch(() => undefined);
    await waitFor(
      async () => (await retry(() => checkEventLog(pool, ids)))?.violations.length === 0 || undefined,
      {
        timeoutMs: 240_000,
        intervalMs: 2_000,
        what: 'every sent transaction scored once, with its alerts',
      },
    ).catch(() => undefined); // the assertion below reports what is missing
    await services.waitAllReady(120_000);
    await waitFor(
      async () =>
        (await retry(() => checkProjectionCheckpoints(pool, store)))?.violations.length === 0 || undefined,
      {
        timeoutMs: 180_000,
        intervalMs: 1_000,
        what: 'projections to apply the whole log',
      },
    ).catch(() => undefined);
    await waitFor(
      async () =>
        (await retry(() => checkConsumerOffsets(kafka!.address, 'scoring', ['transactions'])))?.violations
          .length === 0 || undefined,
      {
        timeoutMs: 60_000,
        intervalMs: 1_000,
        what: 'scoring to commit every offset',
      },
    ).catch(() => undefined);

    const eventLog = await checkEventLog(pool, ids);
    const offsets = await checkConsumerOffsets(kafka!.address, 'scoring', ['transactions']);
    const checkpoints = await checkProjectionCheckpoints(pool, store);
    const readTables = await checkReadTablesEqualRebuild(pool, postgres!.address);
    reportFigures('faults', {
      seed,
      injected,
      loadSeconds: result.seconds,
      retriedRequests: result.retried,
      recoveries,
      eventLog: eventLog.figures,
      offsets: offsets.figures,
      projectionEventsApplied: checkpoints.figures,
      readTables: readTables.figures,
      lost: eventLog.figures.sent - eventLog.figures.transactionStreams,
      violations: [
        ...eventLog.violations,
        ...offsets.violations,
        ...checkpoints.violations,
        ...readTables.violations,
      ],
    });
    if (eventLog.violations.length > 0) process.stderr.write(services.output());
    expect(eventLog.violations).toEqual([]);
    expect(offsets.violations).toEqual([]);
    expect(checkpoints.violations).toEqual([]);
    expect(readTables.violations).toEqual([]);
    expect(injected['kill-scoring'] + injected['kill-projections']).toBe(2 * SCALE.kills);
    expect(eventLog.figures.fraudSuspected).toBeGreaterThan(0);
    expect(eventLog.figures.alertRaised).toBe(eventLog.figures.fraudSuspected);
    for (const app of ['ingest', 'scoring', 'projections', 'case-management'] as const) {
      expect((await services.ready(app)).status).toBe(200);
    }
  }, 900_000);
});
