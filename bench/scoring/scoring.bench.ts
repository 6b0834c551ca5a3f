// `npm run bench -- scoring`: the scoring service in-process (ScoringModule: Kafka consumer group,
// PostgreSQL event store and customer state, the ONNX model) against a local Kafka (KAFKA_BROKERS, or
// one started from tools/kafka) and PostgreSQL (DATABASE_URL, default the local server; a fresh
// database per run). Two phases: sustained tx/s draining a pre-filled topic into durable events, and
// latency occurredAt -> durable TransactionScored at a fixed offered load of 1,000 tx/s.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import type { Transaction } from '#domain';
import { KafkaTransactionBus } from '#messaging';
import { createSimulation } from '#simulator';
import { ScoringWorker } from '../../apps/scoring/src/consumer/scoring-worker.js';
import { loadScoringConfig } from '../../apps/scoring/src/scoring.config.js';
import { prefixedTopics, ScoringModule } from '../../apps/scoring/src/scoring.module.js';
import { ensureTestModel } from '../../apps/scoring/src/testing/test-model.js';
import type { BenchArea } from '../bench-area.js';

async function brokers(): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS)
    return { brokers: process.env.KAFKA_BROKERS.split(','), stop: () => Promise.resolve() };
  const kafkaModule = new URL('../../../tools/kafka/kafka.mjs', import.meta.url).href;
  const { startKafka } = (await import(kafkaModule)) as {
    startKafka(options: object): Promise<{ brokers: string; stop(): Promise<void> }>;
  };
  const kafka = await startKafka({});
  return { brokers: kafka.brokers.split(','), stop: () => kafka.stop() };
}

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

export const area: BenchArea = {
  name: 'scoring',
  description:
    'Kafka -> features -> ONNX -> decision -> durable events: sustained tx/s, latency at 1,000 tx/s',
  async run({ quick }) {
    const drainCount = quick ? 20_000 : 100_000;
    const latencySeconds = quick ? 5 : 20;
    const kafka = await brokers();
    const database = await scratchDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const prefix = `bench-${Date.now().toString(36)}.`;
    const topics = prefixedTopics(prefix);
    const producer = new KafkaTransactionBus({
      brokers: kafka.brokers,
      topics,
      clientId: 'bench-scoring-producer',
    });
    const modelPath = existsSync('models/current.onnx') ? 'models/current.onnx' : await ensureTestModel();
    const simulation = createSimulation({
      seed: 9,
      fraudShare: 0.02,
      start: new Date('2025-05-01T00:00:00Z'),
    });
    const scoredCount = async (): Promise<number> => {
      const exists = await pool.query<{ ok: boolean }>(
        "SELECT to_regclass('eventstore_events') IS NOT NULL AS ok",
      );
      if (!exists.rows[0]?.ok) return 0;
      const { rows } = await pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM eventstore_events WHERE type = 'TransactionScored'",
      );
      return Number(rows[0]?.n ?? 0);
    };
    try {
      await producer.ensureTopics();
      // Phase 1: a full topic, then the service drains it.
      const backlog = simulation.take(drainCount).map((s) => s.transaction);
      for (let start = 0; start < backlog.length; start += 5_000) {
        await producer.publishTransactions(backlog.slice(start, start + 5_000));
      }
      const config = loadScoringConfig({
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafka.brokers.join(','),
        MODEL_PATH: modelPath,
        SCORING_TOPIC_PREFIX: prefix,
        SCORING_GROUP_ID: `${prefix}scoring`,
        LOG_LEVEL: 'error',
      });
      const app = await NestFactory.create(ScoringModule.create(config), { logger: ['error'] });
      await app.init();
      const began = performance.now();
      await app.get(ScoringWorker).started;
      while ((await scoredCount()) < drainCount) await sleep(50);
      const drainSeconds = (performance.now() - began) / 1000;

      // Phase 2: 1,000 tx/s offered (10 every 10 ms), occurredAt = now.
      const latencyStart = new Date().toISOString();
      const target = latencySeconds * 1_000;
      const t0 = performance.now();
      let sent = 0;
      while (sent < target) {
        const due = Math.min(target, Math.floor((performance.now() - t0) / 1));
        if (due > sent) {
          const now = new Date().toISOString();
          const fresh: Transaction[] = simulation
            .take(due - sent)
            .map(({ transaction }) => ({ ...transaction, occurredAt: now }));
          await producer.publishTransactions(fresh);
          sent = due;
        }
        await sleep(5);
      }
      while ((await scoredCount()) < drainCount + target) await sleep(50);
      const { rows } = await pool.query<{ ms: number }>(
        `SELECT extract(epoch FROM s.recorded_at - (r.data->>'occurredAt')::timestamptz) * 1000 AS ms
         FROM eventstore_events r JOIN eventstore_events s ON s.stream_id = r.stream_id AND s.type = 'TransactionScored'
         WHERE r.type = 'TransactionReceived' AND (r.data->>'occurredAt')::timestamptz >= $1`,
        [latencyStart],
      );
      const latencies = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
      const rss = process.memoryUsage().rss / 2 ** 20;
      await app.close();
      return {
        rows: [
          {
            metric: 'sustained throughput (drain)',
            value: drainCount / drainSeconds,
            unit: 'tx/s',
            target: '>= 10000',
            note: `${drainCount} tx from Kafka to durable events`,
          },
          {
            metric: 'latency p50 @ 1,000 tx/s',
            value: percentile(latencies, 0.5),
            unit: 'ms',
            note: 'occurredAt -> TransactionScored recorded',
          },
          {
            metric: 'latency p99 @ 1,000 tx/s',
            value: percentile(latencies, 0.99),
            unit: 'ms',
            target: '<= 25',
            note: `${latencies.length} tx over ${latencySeconds} s`,
          },
          { metric: 'process RSS after run', value: rss, unit: 'MiB' },
        ],
        details: { drainCount, drainSeconds, latencySamples: latencies.length, modelPath },
      };
    } finally {
      await producer.close();
      await pool.end();
      await database.drop();
      await kafka.stop();
    }
  },
};
