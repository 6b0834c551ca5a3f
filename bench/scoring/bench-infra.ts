// What the scoring bench runs against: a Kafka broker (KAFKA_BROKERS, or one started from
// tools/kafka) and a throwaway database on DATABASE_URL's server (default the local one).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_scoring_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: server });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
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
