// `npm run bench -- e2e [--quick]`: the whole pipeline over real Kafka and PostgreSQL, the apps as
// separate processes from dist (scoring, projections, case-management), side by side with the
// limits of its parts measured on the same data in the same run (bench/limits). Phases: (0) limits;
// (1) saturation: scoring drains a pre-filled topic into durable decisions while the projections
// bring the read tables up to date; (2) fixed offered loads of 1,000 and 5,000 tx/s: latency to the
// durable decision and to the alert visible through GraphQL; CPU and RSS of every process per phase.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { KafkaTransactionBus } from '#messaging';
import { createSimulation } from '#simulator';
import { prefixedTopics } from '../../apps/scoring/src/scoring.module.js';
import type { BenchArea } from '../bench-area.js';
import { scratchDatabase } from '../scratch-database.js';
import { rawAppendRate, rawConsume, rawCopy, rawInsert, rawOnnx, rawProduce } from '../limits/limits.js';
import { startKafkaBroker } from './kafka-broker.js';
import {
  analystToken,
  decisionLatencies,
  offerLoad,
  percentiles,
  watchAlerts,
  watchDecisions,
} from './load.js';
import {
  freePort,
  postgresCpuSeconds,
  scrape,
  startSampler,
  startService,
  type Service,
} from './processes.js';
import { e2eRows, stageDelta, type E2eResult } from './report.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every 100 ms until it reaches `target`. After `timeoutMs` it fails (not retriable),
 * or with `giveUp` returns what it reached: a load phase the pipeline cannot keep up with is a
 * result (its late transactions count as unbounded latencies), not a reason to lose the run.
 */
async function until(
  probe: () => Promise<number>,
  target: number,
  timeoutMs: number,
  what: string,
  giveUp = false,
) {
  const deadline = performance.now() + timeoutMs;
  let first = 0;
  for (;;) {
    const value = await probe();
    if (value > 0 && first === 0) first = performance.now();
    if (value >= target) return { first, done: performance.now(), reached: true };
    if (performance.now() > deadline) {
      if (giveUp) return { first, done: performance.now(), reached: false };
      throw new Error(`${what}: ${value} of ${target} after ${timeoutMs / 1000} s (the bench's bound)`);
    }
    await sleep(100);
  }
}

/** Latencies plus one unbounded sample per transaction without one (not decided within the bound). */
const withMissing = (values: number[], expected: number) => [
  ...values,
  ...Array.from({ length: Math.max(expected - values.length, 0) }, () => Number.POSITIVE_INFINITY),
];

export const area: BenchArea = {
  name: 'e2e',
  description:
    'Kafka -> scoring -> event store -> projections -> GraphQL, apps as processes, beside the raw limits of its parts',
  async run({ quick }) {
    const backlogCount = quick ? 20_000 : 100_000;
    const loadSeconds = quick ? 8 : 20;
    const modelPath = process.env.MODEL_PATH ?? 'models/current.onnx';
    const kafka = await startKafkaBroker();
    const database = await scratchDatabase('e2e');
    const limitsDatabase = await scratchDatabase('e2e_limits');
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined); // an idle connection lost is replaced on the next query
    const prefix = `e2e-${Date.now().toString(36)}.`;
    const topics = prefixedTopics(prefix);
    const bus = new KafkaTransactionBus({ brokers: kafka.brokers, topics, clientId: 'bench-e2e-load' });
    const simulation = createSimulation({
      seed: 12,
      fraudShare: 0.02,
      start: new Date('2025-05-01T00:00:00Z'),
    });
    const next = (count: number) => simulation.take(count).map((s) => s.transaction);
    const services: Service[] = [];
    try {
      await bus.ensureTopics();
      const backlog = next(backlogCount);

      // Phase 0: the limits of the parts, on the same messages and events.
      const limits = {
        kafkaProduce: await rawProduce(kafka.brokers, topics.transactions, backlog),
        kafkaConsume: await rawConsume(kafka.brokers, topics.transactions, backlogCount),
        pgInsert: await rawInsert(limitsDatabase.url, backlog),
        pgCopy: await rawCopy(limitsDatabase.url, backlog),
        appendMany: await rawAppendRate(limitsDatabase.url, backlog),
        onnx: await rawOnnx(modelPath, backlog),
      };
      await limitsDatabase.drop();

      // The services; projections first (it migrates the read tables the API reads).
      const secret = randomBytes(24).toString('hex');
      const common = { DATABASE_URL: database.url, MODEL_PATH: modelPath };
      const ports = { scoring: await freePort(), projections: await freePort(), api: await freePort() };
      services.push(
        await startService('projections', ports.projections, {
          ...common,
          PROJECTIONS_PORT: `${ports.projections}`,
        }),
      );
      services.push(
        await startService('case-management', ports.api, {
          ...common,
          PORT: `${ports.api}`,
          JWT_SECRET: secret,
        }),
      );
      const pids: Record<string, number> = { bench: process.pid, kafka: kafka.pid };
      for (const service of services) pids[service.name] = service.child.pid!;

      // Phase 1: saturation. Scoring starts on the full topic; the clock runs from its spawn.
      const spawnedAt = performance.now();
      const scoringStarting = startService('scoring', ports.scoring, {
        ...common,
        KAFKA_BROKERS: kafka.brokers.join(','),
        SCORING_PORT: `${ports.scoring}`,
        SCORING_TOPIC_PREFIX: prefix,
        SCORING_GROUP_ID: `${prefix}scoring`,
      });
      const scoring = await scoringStarting;
      services.push(scoring);
      pids.scoring = scoring.child.pid!;
      // A failed scrape says why: most often the service has died, and its stderr tells the cause.
      const scrapeScoring = (name: string, label?: string) =>
        scrape(ports.scoring, name, label).catch((error: unknown) => {
          throw new Error(`scoring's /metrics did not answer (${scoring.describe()})`, { cause: error });
        });
      const sampler = startSampler(pids);
      const pgCpuBefore = postgresCpuSeconds();
      const decided = () => scrapeScoring('scoring_decisions_total');
      const stages = async () => {
        const result: Record<string, { sum: number; count: number }> = {};
        for (const name of ['load', 'score', 'append', 'finish'])
          result[name] = {
            sum: await scrapeScoring('scoring_stage_seconds_sum', `stage="${name}"`),
            count: await scrapeScoring('scoring_stage_seconds_count', `stage="${name}"`),
          };
        return result;
      };
      const drain = await until(decided, backlogCount, quick ? 120_000 : 300_000, 'durable decisions');
      const decisionUsage = sampler.phase();
      const pgCpuDecisions = postgresCpuSeconds() - pgCpuBefore;
      const drainStages = await stages();
      const enriched = async () =>
        Number(
          (await pool.query<{ n: string }>('SELECT count(*) AS n FROM transactions_enriched')).rows[0]!.n,
        );
      const tables = await until(enriched, backlogCount, quick ? 120_000 : 300_000, 'read tables caught up');
      const tablesUsage = sampler.phase();

      // Phase 2: fixed offered loads, alerts watched through GraphQL meanwhile.
      const watcher = watchAlerts(ports.api, await analystToken(secret));
      const decisions = await watchDecisions(kafka.brokers, topics.decisions);
      const loads: E2eResult['loads'] = [];
      for (const rate of [1_000, 5_000]) {
        const offered = await offerLoad(bus, next, rate, loadSeconds);
        const expected = backlogCount + loads.reduce((sum, l) => sum + l.sent, 0) + offered.sentAt.size;
        const settled = await until(
          decided,
          expected,
          quick ? 30_000 : 45_000,
          `decisions at ${rate} tx/s`,
          true,
        );
        await sleep(1_000); // the last alerts' projection and one more poll
        const decision = await decisionLatencies(pool, offered.since);
        const alert = watcher.latencies(offered.sentAt, decision);
        const before = loads.at(-1)?.stagesAfter ?? drainStages;
        const after = await stages();
        loads.push({
          rate,
          achieved: offered.achieved,
          sent: offered.sentAt.size,
          keptUp: settled.reached,
          decision: percentiles(withMissing([...decision.values()], offered.sentAt.size)),
          published: percentiles(withMissing(decisions.latencies(offered.sentAt), offered.sentAt.size)),
          alert: percentiles(alert.total),
          alertAfterDecision: percentiles(alert.afterDecision),
          stages: stageDelta(after, before),
          stagesAfter: after,
          usage: sampler.phase(),
        });
      }
      await watcher.stop();
      await decisions.stop();
      sampler.stop();
      const polls = watcher.stats();
      if (polls.failures > polls.polls / 2)
        throw new Error(
          `most GraphQL alert polls failed (${polls.failures} of ${polls.polls}): ${polls.lastError}`,
        );
      const result: E2eResult = {
        backlogCount,
        loadSeconds,
        limits,
        drain: {
          startupSeconds: (drain.first - spawnedAt) / 1000,
          toDecisions: backlogCount / ((drain.done - drain.first) / 1000),
          toDecisionsWithStartup: backlogCount / ((drain.done - spawnedAt) / 1000),
          toTables: backlogCount / ((tables.done - drain.first) / 1000),
          decisionUsage,
          tablesUsage,
          postgresCpuSeconds: pgCpuDecisions,
          stages: drainStages,
        },
        loads,
        alertPolls: polls,
        load: os.loadavg(),
      };
      return { rows: e2eRows(result), details: result };
    } finally {
      for (const service of services.reverse()) await service.stop();
      await bus.close();
      await pool.end();
      await database.drop();
      await limitsDatabase.drop();
      await kafka.stop();
    }
  },
};
