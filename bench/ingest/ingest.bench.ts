// `npm run bench -- ingest`: accepted transactions per second and latency of the ingest HTTP API
// (batch and single endpoints) in-process against a real Kafka broker (KAFKA_BROKERS, or one started
// from tools/kafka), plus the simulator's send rate straight to Kafka.
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { KafkaTransactionBus, TRANSACTION_BUS, type TopicNames } from '#messaging';
import { createSimulation } from '#simulator';
import { loadIngestConfig } from '../../apps/ingest/src/ingest.config.js';
import { IngestModule } from '../../apps/ingest/src/ingest.module.js';
import { runSimulation } from '../../apps/ingest/src/simulator/run-simulation.js';
import type { Target } from '../../apps/ingest/src/simulator/targets.js';
import type { BenchArea, BenchRow } from '../bench-area.js';

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

/** Runs `clients` loops posting `body()` for `seconds`; returns accepted count and latencies. */
async function load(
  url: string,
  clients: number,
  seconds: number,
  body: () => { json: string; count: number },
) {
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const { json, count } = body();
        const began = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: json,
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - began);
        if (response.status === 202) accepted += count;
        else failed += count;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { perSecond: accepted / seconds, p50: pct(0.5), p99: pct(0.99), failed, requests: latencies.length };
}

export const area: BenchArea = {
  name: 'ingest',
  description: 'ingest HTTP -> Kafka accepted tx/s and latency; simulator -> Kafka tx/s',
  async run({ quick }) {
    const seconds = quick ? 3 : 15;
    const kafka = await brokers();
    const suffix = Date.now().toString(36);
    const topics: TopicNames = {
      transactions: `bench-transactions-${suffix}`,
      deadLetters: `bench-dlq-${suffix}`,
      decisions: `bench-decisions-${suffix}`,
      chargebacks: `bench-chargebacks-${suffix}`,
    };
    const bus = new KafkaTransactionBus({ brokers: kafka.brokers, topics, clientId: 'bench-ingest' });
    await bus.ensureTopics();
    const config = loadIngestConfig({ KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'error' });
    const app = await NestFactory.create(
      IngestModule.create(config, { provide: TRANSACTION_BUS, useValue: bus }),
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const simulation = createSimulation({ seed: 99 });
    const rows: BenchRow[] = [];
    try {
      const batch = await load(`http://127.0.0.1:${port}/transactions/batch`, 4, seconds, () => {
        const transactions = simulation.take(500).map((record) => record.transaction);
        return { json: JSON.stringify({ transactions }), count: transactions.length };
      });
      const single = await load(`http://127.0.0.1:${port}/transactions`, 32, seconds, () => ({
        json: JSON.stringify(simulation.next().transaction),
        count: 1,
      }));
      rows.push(
        {
          metric: 'batch endpoint accepted',
          value: batch.perSecond,
          unit: 'tx/s',
          note: `500/request, 4 clients, ${batch.failed} failed`,
        },
        { metric: 'batch request p99', value: batch.p99, unit: 'ms', note: `p50 ${batch.p50.toFixed(1)} ms` },
        {
          metric: 'single endpoint accepted',
          value: single.perSecond,
          unit: 'tx/s',
          note: `32 clients, ${single.failed} failed`,
        },
        {
          metric: 'single request p99',
          value: single.p99,
          unit: 'ms',
          note: `p50 ${single.p50.toFixed(1)} ms`,
        },
      );
    } finally {
      await app.close();
    }
    // The CLI's loop and batching, on this run's own topics rather than the shared `transactions`.
    const simulatorBus = new KafkaTransactionBus({
      brokers: kafka.brokers,
      topics,
      clientId: 'bench-simulator',
    });
    const target: Target = {
      name: 'kafka',
      sendTransactions: (transactions) => simulatorBus.publishTransactions(transactions),
      sendChargebacks: (chargebacks) => simulatorBus.publishChargebacks(chargebacks),
      close: () => simulatorBus.close(),
    };
    try {
      const count = quick ? 50_000 : 300_000;
      const summary = await runSimulation(
        {
          rate: 1e9,
          duration: undefined,
          count,
          seed: 5,
          target: { kind: 'kafka', brokers: kafka.brokers },
          labels: undefined,
          out: undefined,
          fraudShare: 0.01,
          chargebackShare: 0.6,
          batch: 1000,
          customers: 10_000,
          merchants: 1_000,
          start: new Date(),
        },
        target,
        () => undefined,
        () => false,
      );
      rows.push({
        metric: 'simulator -> Kafka',
        value: summary.sent / summary.seconds,
        unit: 'tx/s',
        target: '>= 5000',
        note: `${summary.sent} sent, ${summary.errors} errors`,
      });
    } finally {
      await target.close();
      await kafka.stop();
    }
    return { rows };
  },
};
