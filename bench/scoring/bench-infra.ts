// What the scoring bench runs against: a Kafka broker (KAFKA_BROKERS, or one started from
// tools/kafka); its throwaway database comes from bench/scratch-database.ts.
import type { Registry } from 'prom-client';

export async function brokers(): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS)
    return { brokers: process.env.KAFKA_BROKERS.split(','), stop: () => Promise.resolve() };
  const kafkaModule = new URL('../../../tools/kafka/kafka.mjs', import.meta.url).href;
  const { startKafka } = (await import(kafkaModule)) as {
    startKafka(options: object): Promise<{ brokers: string; stop(): Promise<void> }>;
  };
  const kafka = await startKafka({});
  return { brokers: kafka.brokers.split(','), stop: () => kafka.stop() };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Sum of a counter's or histogram's series (a histogram's `_sum`/`_count` picked by `suffix`). */
export async function metricTotal(
  registry: Registry,
  name: string,
  pick: (labels: Record<string, unknown>, metricName?: string) => boolean = () => true,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => pick(value.labels, (value as { metricName?: string }).metricName))
    .reduce((sum, value) => sum + value.value, 0);
}

/** Mean ms per slice of each scoring stage since `before` (sums and counts of scoring_stage_seconds). */
export async function stageMeans(
  registry: Registry,
  before: Record<string, { sum: number; count: number }> = {},
): Promise<Record<string, { sum: number; count: number; meanMs: number }>> {
  const result: Record<string, { sum: number; count: number; meanMs: number }> = {};
  for (const stage of ['load', 'score', 'append', 'finish']) {
    const of = (suffix: string) =>
      metricTotal(
        registry,
        'scoring_stage_seconds',
        (labels, metricName) => labels.stage === stage && metricName === `scoring_stage_seconds_${suffix}`,
      );
    const sum = (await of('sum')) - (before[stage]?.sum ?? 0);
    const count = (await of('count')) - (before[stage]?.count ?? 0);
    result[stage] = { sum, count, meanMs: count > 0 ? (sum / count) * 1000 : 0 };
  }
  return result;
}

/**
 * True unless SCORING_BENCH_PRETENURING=default asks for V8's default: the bench and its memory
 * worker then leave pretenuring on instead of turning it off as the service does (the flag's A/B).
 */
export function pretenuringAsDeployed(): boolean {
  return process.env.SCORING_BENCH_PRETENURING !== 'default';
}
