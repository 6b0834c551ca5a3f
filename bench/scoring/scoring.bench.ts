// `npm run bench -- scoring`: the scoring service in-process (ScoringModule: Kafka consumer group,
// PostgreSQL event store and customer state, the ONNX model) against a local Kafka (KAFKA_BROKERS, or
// one started from tools/kafka) and PostgreSQL (DATABASE_URL, default the local server; a fresh
// database per run). Phases: the raw limits of the same run (no-op consumer of the backlog, appendMany
// of the same facts); sustained tx/s draining a pre-filled topic into durable events, with the time
// per pipeline stage; latency occurredAt -> durable TransactionScored at 1,000 tx/s offered by a child
// process (offered-load.worker.ts, the producer kept off the scoring event loop); and, in
// a child process, peak RSS with 1,000,000 distinct customers (customer-memory.worker.ts).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { Registry } from 'prom-client';
import { KafkaTransactionBus } from '#messaging';
import { createSimulation } from '#simulator';
import { ScoringWorker } from '../../apps/scoring/src/consumer/scoring-worker.js';
import { loadScoringConfig } from '../../apps/scoring/src/scoring.config.js';
import { prefixedTopics, ScoringModule } from '../../apps/scoring/src/scoring.module.js';
import { ensureTestModel } from '../../apps/scoring/src/testing/test-model.js';
import type { BenchArea, BenchRow } from '../bench-area.js';
import { startCpuWindow } from '../eventstore/cpu-meter.js';
import { scratchDatabase } from '../scratch-database.js';
import { brokers, metricTotal, percentile, pretenuringAsDeployed, sleep, stageMeans } from './bench-infra.js';
import { rawAppendRate, rawConsumeRate } from './raw-limits.js';
import { tapDecisionLatency } from './decision-latency-tap.js';
import { tuneScoringHeap } from '../../apps/scoring/src/scoring-process.js';
import { type CollectorWindow, describeCollector, startCollectorWindow } from './collector-window.js';
import { startWalFlushWindow, timeWalFlushes, type WalFlushWindow } from './wal-flush-meter.js';
import { startWindowProfile, type WindowProfile } from './window-profile.js';

interface MemoryResult {
  customers: number;
  cacheCustomers: number;
  scored: number;
  seconds: number;
  txPerSecond: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  recoveredCustomers: number;
}

/**
 * A worker of this folder as a child process; resolves with the object of the line it printed as
 * `{"result": ...}`. A worker that prints `{"ready": true}` waits until `onReady` has run (and a line
 * came on its stdin): what the bench measures around the worker's work starts there, not with its
 * start-up.
 */
async function runWorker<T>(
  file: string,
  env: Record<string, string>,
  flags: string[] = [],
  onReady: (ready: Record<string, unknown>) => unknown = () => undefined,
): Promise<T> {
  const worker = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, [...flags, worker], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let pending = '';
  let result: T | undefined;
  /** onReady's failure, thrown once the worker has exited (not left unhandled meanwhile). */
  let readyFailed: { error: unknown } | undefined;
  const readyRun: Promise<unknown>[] = [];
  child.stdin.on('error', () => undefined); // a worker that died before 'go' closed its stdin: its exit says why
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"result":')) result = (JSON.parse(line) as { result: T }).result;
      else if (line.startsWith('{"ready":'))
        readyRun.push(
          Promise.resolve()
            .then(() => onReady(JSON.parse(line) as Record<string, unknown>))
            .catch((error: unknown) => {
              readyFailed ??= { error };
              child.kill(); // what it would measure no longer counts
            })
            .finally(() => child.stdin.end('go\n')),
        );
    }
  });
  // 'close', not 'exit': the result line may still be in the pipe when the process has exited.
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  await Promise.all(readyRun);
  if (readyFailed) throw readyFailed.error;
  if (code !== 0 || result === undefined)
    throw new Error(`${file} failed (exit ${code}): ${out.slice(-2_000)}`);
  return result;
}

/**
 * The many-customers run as its own process, so its RSS is the pipeline's alone, with the heap
 * ceiling the service is documented to run with (docs/SCORING.md, "Memory"); `heapMb` 0 leaves V8's
 * default (sized from the machine's RAM).
 */
function customerMemory(env: Record<string, string>, heapMb: number): Promise<MemoryResult> {
  return runWorker('./customer-memory.worker.js', env, heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []);
}

/** The offered load of the latency phase, transactions/s. */
const LATENCY_RATE = 1_000;
/** Seconds of that load sent to the service before the measured window (reported apart). */
const LEAD_IN_SECONDS = 3;

export const area: BenchArea = {
  name: 'scoring',
  description:
    'Kafka -> features -> ONNX -> decision -> durable events: sustained tx/s, latency at 1,000 tx/s, RSS with 1M customers',
  async run({ quick }) {
    // The service's process sets it as it starts (apps/scoring/src/main.ts); this one runs the
    // service in-process, so it does the same while it measures it, then puts V8's default back.
    // SCORING_BENCH_PRETENURING=default measures the service without it (an A/B of the flag).
    const asDeployed = pretenuringAsDeployed();
    if (asDeployed) tuneScoringHeap();
    try {
      return await measureScoring(quick);
    } finally {
      if (asDeployed && !process.execArgv.includes('--no-allocation-site-pretenuring'))
        setFlagsFromString('--allocation-site-pretenuring');
    }
  },
};

async function measureScoring(quick: boolean): Promise<{ rows: BenchRow[]; details: unknown }> {
  const drainCount = quick ? 20_000 : 100_000;
  const latencySeconds = quick ? 5 : 20;
  const memoryCustomers = Number(process.env.SCORING_BENCH_CUSTOMERS ?? (quick ? 200_000 : 1_000_000));
  const heapMb = Number(process.env.SCORING_BENCH_HEAP_MB ?? 320);
  const kafka = await brokers();
  const database = await scratchDatabase('scoring');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined); // an idle connection lost is replaced on the next query
  const prefix = `bench-${Date.now().toString(36)}.`;
  const topics = prefixedTopics(prefix);
  const producer = new KafkaTransactionBus({
    brokers: kafka.brokers,
    topics,
    clientId: 'bench-scoring-producer',
  });
  const modelPath = existsSync('models/current.onnx') ? 'models/current.onnx' : await ensureTestModel();
  const simulated = { seed: 9, fraudShare: 0.02, start: new Date('2025-05-01T00:00:00Z') };
  const simulation = createSimulation(simulated);
  try {
    await producer.ensureTopics();
    const backlog = simulation.take(drainCount).map((s) => s.transaction);
    for (let start = 0; start < backlog.length; start += 5_000) {
      await producer.publishTransactions(backlog.slice(start, start + 5_000));
    }
    // Phase 0: the raw limits, on the same messages and the same facts.
    const rawConsume = await rawConsumeRate(kafka.brokers, topics, drainCount);
    const rawAppend = await rawAppendRate(database.url, backlog);

    // Phase 1: the service drains the full topic.
    const config = loadScoringConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      MODEL_PATH: modelPath,
      SCORING_TOPIC_PREFIX: prefix,
      SCORING_GROUP_ID: `${prefix}scoring`,
      LOG_LEVEL: 'error',
    });
    // Before the service opens its connections: they time their WAL flushes (the latency rows).
    const walTimingUnavailable = await timeWalFlushes(pool, database.name);
    const app = await NestFactory.create(ScoringModule.create(config), { logger: ['error'] });
    await app.init();
    const registry: Registry = app.get(Registry);
    const decided = () => metricTotal(registry, 'scoring_decisions_total');
    const began = performance.now();
    await app.get(ScoringWorker).started;
    let firstDecision = 0;
    for (let count = 0; count < drainCount; count = await decided()) {
      if (count > 0 && firstDecision === 0) firstDecision = performance.now();
      await sleep(20);
    }
    const drainEnd = performance.now();
    const drainSeconds = (drainEnd - began) / 1000;
    // From the first durable decision: without start-up, group join and the policy's first catch-up.
    const steadySeconds = (drainEnd - (firstDecision || began)) / 1000;
    const drainStages = await stageMeans(registry);

    // Phase 2: 1,000 tx/s offered (due ones every ~5 ms), occurredAt = now. It starts after a
    // CHECKPOINT: the drain leaves gigabytes of WAL and dirty pages whose write-back (a checkpoint
    // the drain's WAL triggered, the kernel flushing) made single WAL fsyncs take ~200 ms in the
    // window (pg_stat_activity: IO:WALSync, docs/BENCHMARKS.md): a burst's after-effect on this
    // disk, not the steady 1,000 tx/s the target is about. If it fails (no right to CHECKPOINT: not
    // a superuser or pg_checkpoint), the phase runs as before and the row says why.
    const checkpoint = await pool.query('CHECKPOINT').then(
      () => 'after a CHECKPOINT',
      (error: Error) => `no CHECKPOINT before it (${error.message})`,
    );
    const leadInStart = new Date().toISOString();
    const durable = tapDecisionLatency(registry);
    let latencyStart = leadInStart;
    let leadIn = 0;
    let leadInStages = drainStages;
    // What the process itself adds to the tail (producer and scoring no longer share it: the
    // offered load comes from a child process, as from ingest in a deployment): pauses of the
    // garbage collector and the event loop's delays; and the CPU per transaction. All from when
    // the child is ready (started, past the drained transactions, warmed up, the lead-in sent) to
    // the last decision. The window's latencies are those of transactions sent from then on.
    let collector: CollectorWindow | undefined;
    // Sampled every 1 ms: each value includes that interval (with 5 ms an idle loop read 5.1 ms).
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    let cpuWindow: Awaited<ReturnType<typeof startCpuWindow>> | undefined;
    let profile: WindowProfile | undefined;
    let walFlushes: WalFlushWindow | undefined;
    const startMeasuring = async (ready: Record<string, unknown>) => {
      leadIn = Number(ready.leadIn ?? 0);
      latencyStart = new Date().toISOString();
      leadInStages = await stageMeans(registry);
      collector = startCollectorWindow();
      loopDelay.enable();
      cpuWindow = await startCpuWindow(pool, database.name);
      walFlushes = await startWalFlushWindow(pool, walTimingUnavailable);
      profile = await startWindowProfile(process.env.SCORING_BENCH_PROFILE);
    };
    const offered = await runWorker<{ sent: number; seconds: number; cpuMs: number }>(
      './offered-load.worker.js',
      {
        KAFKA_BROKERS: kafka.brokers.join(','),
        TOPIC_PREFIX: prefix,
        RATE: String(LATENCY_RATE),
        SECONDS: String(latencySeconds),
        SEED: String(simulated.seed),
        FRAUD_SHARE: String(simulated.fraudShare),
        SIMULATION_START: simulated.start.toISOString(),
        SKIP: String(drainCount),
        LEAD_IN_SECONDS: String(LEAD_IN_SECONDS),
      },
      ['--expose-gc'],
      startMeasuring,
    );
    const target = offered.sent;
    while ((await decided()) < drainCount + leadIn + target) await sleep(20);
    // First: writing the CPU profile below could itself set off a collection.
    const collected = collector!.stop();
    const cpu = await cpuWindow!.stop();
    const wal = await walFlushes!.stop();
    const profiled = await profile?.stop();
    if (profiled) console.log(`CPU profile of the latency window: ${profiled}`);
    const pauses = collected.pauses;
    loopDelay.disable();
    const latencyStages = await stageMeans(registry, leadInStages);
    // Headline: occurredAt -> the transaction's events committed, as the
    // service observes it (decision-latency-tap.ts). Beside it, the measure used until 2026-12-05:
    // TransactionScored's recorded_at, which is the append transaction's start (now()), so it
    // leaves out the statements and the commit's WAL flush.
    durable.stop();
    const window = durable.between(latencyStart);
    const latencies = window.map((sample) => sample.ms);
    const leadInLatencies = durable.between(leadInStart, latencyStart).map((sample) => sample.ms);
    const { rows } = await pool.query<{ ms: number }>(
      `SELECT extract(epoch FROM s.recorded_at - (r.data->>'occurredAt')::timestamptz) * 1000 AS ms
         FROM eventstore_events r JOIN eventstore_events s ON s.stream_id = r.stream_id AND s.type = 'TransactionScored'
         WHERE r.type = 'TransactionReceived' AND (r.data->>'occurredAt')::timestamptz >= $1`,
      [latencyStart],
    );
    const recordedLatencies = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
    // The first seconds of the window, shown apart, never instead of the whole window (before the
    // lead-in they were the passage from the drain's burst to the steady load).
    const settledAfter = quick ? 2 : 5;
    const windowStart = window.reduce((min, sample) => Math.min(min, sample.occurred), Infinity);
    const afterFirstSeconds = window
      .filter((sample) => sample.occurred - windowStart >= settledAfter * 1000)
      .map((sample) => sample.ms);
    const rss = process.memoryUsage().rss / 2 ** 20;
    await app.close();

    // Phase 3: many distinct customers through the pipeline, in a process of its own.
    const memory = await customerMemory(
      {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        TOPIC_PREFIX: prefix,
        MODEL_PATH: modelPath,
        MEMORY_CUSTOMERS: String(memoryCustomers),
      },
      heapMb,
    );
    const throughput = drainCount / drainSeconds;
    const stageNote = (stages: typeof drainStages) =>
      Object.entries(stages)
        .map(([stage, { meanMs }]) => `${stage} ${meanMs.toFixed(1)}`)
        .join(', ');
    const result: BenchRow[] = [
      {
        metric: 'raw consume (no-op handler)',
        value: rawConsume,
        unit: 'msg/s',
        note: 'same backlog, same adapter',
      },
      {
        metric: 'raw appendMany of the facts',
        value: rawAppend,
        unit: 'tx/s',
        note: '2,000 streams/call, 6 writers',
      },
      {
        metric: 'sustained throughput (drain)',
        value: throughput,
        unit: 'tx/s',
        target: '>= 10000',
        note: `${drainCount} tx; ${((throughput / rawAppend) * 100).toFixed(0)}% of raw append, ${((throughput / rawConsume) * 100).toFixed(0)}% of raw consume`,
      },
      {
        metric: 'sustained, from the first decision',
        value: drainCount / steadySeconds,
        unit: 'tx/s',
        target: '>= 10000',
        note: 'start-up, group join and first policy catch-up excluded',
      },
      {
        metric: 'drain: ms per slice by stage',
        value: drainStages.append!.count,
        unit: 'slices',
        note: stageNote(drainStages),
      },
      {
        metric: 'latency p50 @ 1,000 tx/s',
        value: percentile(latencies, 0.5),
        unit: 'ms',
        note: "occurredAt -> the transaction's events committed (the service's observation)",
      },
      {
        metric: 'latency p99 @ 1,000 tx/s',
        value: percentile(latencies, 0.99),
        unit: 'ms',
        target: '<= 25',
        note: `${latencies.length} tx over ${latencySeconds} s, ${checkpoint} and a ${LEAD_IN_SECONDS} s lead-in`,
      },
      {
        metric: "latency p50 / p99 to the append transaction's start",
        value: percentile(recordedLatencies, 0.99),
        unit: 'ms',
        note: `p50 ${percentile(recordedLatencies, 0.5).toFixed(1)} ms; ${recordedLatencies.length} tx; occurredAt -> TransactionScored recorded_at, the measure before 2026-12-05 (without the statements and the commit)`,
      },
      {
        metric: `latency p50 / p99 after the first ${settledAfter} s`,
        value: percentile(afterFirstSeconds, 0.99),
        unit: 'ms',
        note: `p50 ${percentile(afterFirstSeconds, 0.5).toFixed(1)} ms; ${afterFirstSeconds.length} tx (the whole window above is the figure against the target)`,
      },
      {
        metric: `latency p50 / p99 in the ${LEAD_IN_SECONDS} s lead-in`,
        value: percentile(leadInLatencies, 0.99),
        unit: 'ms',
        note: `p50 ${percentile(leadInLatencies, 0.5).toFixed(1)} ms; ${leadInLatencies.length} tx: the same load right after the drain and the CHECKPOINT, before the window`,
      },
      {
        metric: 'latency phase: event loop delay p99',
        value: loopDelay.percentile(99) / 1e6,
        unit: 'ms',
        note: `max ${(loopDelay.max / 1e6).toFixed(1)} ms; GC pauses ${pauses.length}, ${pauses.reduce((sum, ms) => sum + ms, 0).toFixed(0)} ms in all, longest ${(pauses.at(-1) ?? 0).toFixed(1)} ms, over 20 ms: ${pauses.filter((ms) => ms > 20).length}`,
      },
      {
        metric: 'latency phase: major collections',
        value: collected.major.length,
        unit: 'count',
        note: describeCollector(collected),
      },
      {
        metric: 'latency phase: CPU per transaction',
        value: (cpu.clientMs + (cpu.serverMs ?? Number.NaN)) / target,
        unit: 'ms',
        note: `scoring process ${(cpu.clientMs / target).toFixed(3)} ms, PostgreSQL backends ${cpu.serverMs === undefined ? 'unavailable' : (cpu.serverMs / target).toFixed(3)} ms (the load's producer, apart: ${(offered.cpuMs / target).toFixed(3)} ms)`,
      },
      {
        metric: 'latency phase: WAL flush time',
        value: wal.flushMs ?? Number.NaN,
        unit: 'ms',
        note: wal.note,
      },
      {
        metric: 'latency phase: ms per slice by stage',
        value: latencyStages.append!.count,
        unit: 'slices',
        note: stageNote(latencyStages),
      },
      { metric: 'process RSS after drain + latency', value: rss, unit: 'MiB' },
      {
        metric: `peak RSS, ${memoryCustomers.toLocaleString('en')} distinct customers`,
        value: memory.peakRssMiB,
        unit: 'MiB',
        target: '< 512',
        note: `heap cap ${heapMb || 'default'} MB, cache ${memory.cacheCustomers}, peak heap ${memory.peakHeapMiB.toFixed(0)} MiB, ${memory.recoveredCustomers} recovered, ${memory.txPerSecond.toFixed(0)} tx/s`,
      },
    ];
    return {
      rows: result,
      details: {
        drainCount,
        drainSeconds,
        latencySamples: latencies.length,
        modelPath,
        drainStages,
        latencyStages,
        memory,
      },
    };
  } finally {
    await producer.close();
    await pool.end();
    await database.drop();
    await kafka.stop();
  }
}
