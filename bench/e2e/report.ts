// The e2e run's figures as table rows: the limits, the pipeline as a fraction of the slowest one,
// latency at each offered load, CPU and RSS of each process per phase, and the per-stage profile.
import type { BenchRow } from '../bench-area.js';
import type { Percentiles } from './load.js';
import type { PhaseUsage } from './processes.js';

export interface E2eResult {
  backlogCount: number;
  loadSeconds: number;
  limits: {
    kafkaProduce: number;
    kafkaConsume: number;
    pgInsert: { eventsPerSecond: number; txPerSecond: number };
    pgCopy: { eventsPerSecond: number; txPerSecond: number };
    appendMany: number;
    onnx: { onnxPerSecond: number; featuresAndOnnxPerSecond: number };
  };
  drain: {
    startupSeconds: number;
    toDecisions: number;
    toDecisionsWithStartup: number;
    toTables: number;
    decisionUsage: Record<string, PhaseUsage>;
    tablesUsage: Record<string, PhaseUsage>;
    postgresCpuSeconds: number;
    stages: Record<string, { sum: number; count: number }>;
  };
  loads: {
    rate: number;
    achieved: number;
    sent: number;
    /** False when not every transaction was decided within the bench's bound after the phase. */
    keptUp: boolean;
    decision: Percentiles;
    /** Sent -> the decision message received from `fraud-decisions` by a consumer. */
    published: Percentiles;
    alert: Percentiles;
    /** Alert seen - decision durable: the projection, the API and the polling interval. */
    alertAfterDecision: Percentiles;
    /** Scoring's stage times during this phase alone. */
    stages: Record<string, { sum: number; count: number }>;
    stagesAfter: Record<string, { sum: number; count: number }>;
    usage: Record<string, PhaseUsage>;
  }[];
  alertPolls: { polls: number; failures: number; lastError: string };
  load: number[];
}

type Stages = Record<string, { sum: number; count: number }>;

export const stageDelta = (after: Stages, before: Stages): Stages =>
  Object.fromEntries(
    Object.entries(after).map(([name, { sum, count }]) => [
      name,
      { sum: sum - (before[name]?.sum ?? 0), count: count - (before[name]?.count ?? 0) },
    ]),
  );

const stageNote = (stages: Stages) =>
  Object.entries(stages)
    .map(([name, { sum, count }]) => `${name} ${count > 0 ? ((sum / count) * 1000).toFixed(1) : '-'}`)
    .join(', ');

/** The raw limits the issue names, in tx/s (one message or one transaction's events each). */
export function rawLimits(limits: E2eResult['limits']): Record<string, number> {
  return {
    'kafkajs produce': limits.kafkaProduce,
    'kafkajs consume': limits.kafkaConsume,
    'PostgreSQL multi-row INSERT': limits.pgInsert.txPerSecond,
    'PostgreSQL COPY': limits.pgCopy.txPerSecond,
    'onnxruntime batch scoring': limits.onnx.onnxPerSecond,
  };
}

const usageNote = (usage: Record<string, PhaseUsage>) =>
  Object.entries(usage)
    .map(([name, u]) => `${name} ${u.cpuPercent.toFixed(0)}% ${u.maxRssMiB.toFixed(0)}MiB`)
    .join(', ');

const latencyRows = (name: string, p: Percentiles, target: string): BenchRow[] => [
  { metric: `${name} p50`, value: p.p50, unit: 'ms' },
  { metric: `${name} p95`, value: p.p95, unit: 'ms' },
  { metric: `${name} p99`, value: p.p99, unit: 'ms', target, note: `${p.count} samples` },
];

export function e2eRows(result: E2eResult): BenchRow[] {
  const { limits, drain } = result;
  const raw = rawLimits(limits);
  const [slowestName, slowest] = Object.entries(raw).sort((a, b) => a[1] - b[1])[0]!;
  const share = (rate: number) =>
    `${((rate / slowest) * 100).toFixed(0)}% of the slowest limit (${slowestName})`;
  const rows: BenchRow[] = [
    { metric: 'limit: kafkajs produce (acks=all)', value: limits.kafkaProduce, unit: 'msg/s' },
    { metric: 'limit: kafkajs consume (no-op)', value: limits.kafkaConsume, unit: 'msg/s' },
    {
      metric: 'limit: PostgreSQL multi-row INSERT',
      value: limits.pgInsert.txPerSecond,
      unit: 'tx/s',
      note: `${limits.pgInsert.eventsPerSecond.toFixed(0)} events/s, 1,000 rows/statement`,
    },
    {
      metric: 'limit: PostgreSQL COPY',
      value: limits.pgCopy.txPerSecond,
      unit: 'tx/s',
      note: `${limits.pgCopy.eventsPerSecond.toFixed(0)} events/s, one COPY`,
    },
    {
      metric: 'limit: onnxruntime batch scoring',
      value: limits.onnx.onnxPerSecond,
      unit: 'tx/s',
      note: `one thread, 2,000/batch; with features ${limits.onnx.featuresAndOnnxPerSecond.toFixed(0)} tx/s`,
    },
    {
      metric: 'reference: event store appendMany',
      value: limits.appendMany,
      unit: 'tx/s',
      note: 'the adapter itself, 2,000 streams/call, 6 writers',
    },
    {
      metric: 'e2e: topic -> durable decisions',
      value: drain.toDecisions,
      unit: 'tx/s',
      target: '>= 10000',
      note: `${result.backlogCount} tx from the first decision; ${drain.toDecisionsWithStartup.toFixed(0)} tx/s with ${drain.startupSeconds.toFixed(1)} s start-up`,
    },
    {
      metric: 'e2e: fraction of the slowest limit',
      value: (drain.toDecisions / slowest) * 100,
      unit: '%',
      target: '>= 50',
      note: share(drain.toDecisions),
    },
    {
      metric: 'e2e: topic -> read tables caught up',
      value: drain.toTables,
      unit: 'tx/s',
      note: share(drain.toTables),
    },
  ];
  for (const [name, { sum, count }] of Object.entries(drain.stages))
    rows.push({
      metric: `profile: scoring stage ${name}`,
      value: count > 0 ? (sum / count) * 1000 : 0,
      unit: 'ms/slice',
      note: `${sum.toFixed(1)} s over ${count} slices`,
    });
  const thousand = result.backlogCount / 1000;
  for (const [name, u] of Object.entries(drain.decisionUsage))
    rows.push({
      metric: `profile: CPU of ${name} (drain)`,
      value: u.cpuPercent,
      unit: '% core',
      note: `max RSS ${u.maxRssMiB.toFixed(0)} MiB`,
    });
  rows.push({
    metric: 'profile: PostgreSQL CPU (drain)',
    value: (drain.postgresCpuSeconds / thousand) * 1000,
    unit: 'ms/1k tx',
    note: 'every postgres process on the machine: an upper bound',
  });
  rows.push({
    metric: 'profile: CPU of projections while tables catch up',
    value: drain.tablesUsage.projections?.cpuPercent ?? 0,
    unit: '% core',
    note: usageNote(drain.tablesUsage),
  });
  rows.push({
    metric: 'GraphQL alert polls failed',
    value: result.alertPolls.failures,
    unit: 'polls',
    note: `of ${result.alertPolls.polls}${result.alertPolls.lastError ? `; last: ${result.alertPolls.lastError}` : ''}`,
  });
  for (const load of result.loads) {
    const at = `@ ${load.rate.toLocaleString('en')} tx/s`;
    const strict = load.rate === 1_000;
    rows.push({
      metric: `offered ${at}: achieved`,
      value: load.achieved,
      unit: 'tx/s',
      note: `${load.sent} sent`,
    });
    rows.push(...latencyRows(`ingest -> durable decision ${at}`, load.decision, strict ? '<= 25' : ''));
    rows.push(...latencyRows(`ingest -> decision message consumed ${at}`, load.published, ''));
    rows.push(...latencyRows(`ingest -> alert in GraphQL ${at}`, load.alert, strict ? '<= 500' : ''));
    rows.push({
      metric: `profile ${at}: alert seen - decision durable p50`,
      value: load.alertAfterDecision.p50,
      unit: 'ms',
      note: `p99 ${load.alertAfterDecision.p99.toFixed(0)} ms: projection + API + <= 25 ms polling`,
    });
    rows.push({
      metric: `profile ${at}: scoring slices`,
      value: load.stages.append?.count ?? 0,
      unit: 'slices',
      note: `ms per slice: ${stageNote(load.stages)}`,
    });
    for (const [name, u] of Object.entries(load.usage))
      rows.push({
        metric: `${name} ${at}: CPU / max RSS`,
        value: u.maxRssMiB,
        unit: 'MiB',
        target: ['scoring', 'projections', 'case-management'].includes(name) && !strict ? '<= 300' : '',
        note: `${u.cpuPercent.toFixed(0)}% of a core; VmHWM ${u.peakRssMiB.toFixed(0)} MiB`,
      });
  }
  return rows;
}
