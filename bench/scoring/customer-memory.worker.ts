// The scoring process's memory with many distinct customers, run as a child of the scoring bench so
// its RSS is the pipeline's alone: N distinct customers (default 1,000,000), one transaction each, go
// through the real ScoringPipeline (PostgreSQL event store and customer state, the Kafka bus for
// decisions, the ONNX model) with the service's default bounded cache, six partitions at a time as
// the Kafka consumer hands them over; then the first 10% come back, and having been evicted, are
// recovered from PostgreSQL. Prints one JSON line: peak RSS and heap, time, customers recovered.
// Batches are built as the loop goes, never all at once, as a consumer would receive them.
import pg from 'pg';
import type { Transaction } from '#domain';
import { migrate, PostgresEventStore } from '#eventstore';
import { KafkaTransactionBus } from '#messaging';
import { loadScoringModel } from '../../apps/scoring/src/model/scoring-model.js';
import { prefixedTopics } from '../../apps/scoring/src/scoring.module.js';
import { PostgresCustomerStateStore } from '../../apps/scoring/src/state/postgres-customer-state-store.js';
import { tuneScoringHeap } from '../../apps/scoring/src/scoring-process.js';
import { buildPipeline, toBatches } from '../../apps/scoring/src/testing/scoring-harness.js';
import { pretenuringAsDeployed } from './bench-infra.js';

// The service's process sets this as it starts (apps/scoring/src/main.ts): so does this one,
// unless the bench measures V8's default (SCORING_BENCH_PRETENURING=default, which it passes on).
if (pretenuringAsDeployed()) tuneScoringHeap();

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (the scoring bench sets it for this worker)`);
  return value;
};

const customers = Number(process.env.MEMORY_CUSTOMERS ?? 1_000_000);
const cacheCustomers = Number(process.env.SCORING_CACHE_CUSTOMERS ?? 200_000);
const COUNTRIES = ['DE', 'FR', 'NL', 'GB', 'ES', 'IT', 'PL', 'US'];
const CATEGORIES = ['grocery', 'fuel', 'electronics', 'travel', 'restaurants', 'fashion'];

function transaction(customer: number, visit: number): Transaction {
  const t = Date.UTC(2025, 5, 1) + customer * 37 + visit * 86_400_000;
  return {
    transactionId: `mem-${customer}-${visit}`,
    customerId: `cus-m${customer}`,
    merchantId: `mer-${(customer * 7 + visit) % 5_000}`,
    merchantCategory: CATEGORIES[customer % CATEGORIES.length]!,
    country: COUNTRIES[(customer + visit) % COUNTRIES.length]!,
    amount: 5 + ((customer * 13 + visit * 101) % 200_000) / 100,
    currency: 'EUR',
    occurredAt: new Date(t).toISOString(),
    channel: customer % 3 === 0 ? 'ecommerce' : 'card_present',
    device: `dev-${customer}`,
  };
}

const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 12 });
pool.on('error', () => undefined); // an idle connection lost is replaced on the next query
await migrate(pool);
const stateStore = new PostgresCustomerStateStore(pool);
await stateStore.migrate();
const store = new PostgresEventStore({ pool, ownsPool: false });
const bus = new KafkaTransactionBus({
  brokers: env('KAFKA_BROKERS').split(','),
  topics: prefixedTopics(env('TOPIC_PREFIX')),
  clientId: 'bench-scoring-memory',
});
await bus.ensureTopics();
const model = await loadScoringModel(env('MODEL_PATH'));
const pipeline = buildPipeline({ store, bus, stateStore, model, cacheCustomers, batchSize: 2_000 }); // the service's default

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
};
const sampler = setInterval(sample, 200);

const offsets = new Map<number, number>();
const began = performance.now();
const CHUNK = 12_000; // six partitions' batches of ~2,000, handled together like one Kafka fetch
const visits: [number, number, number][] = [
  [0, customers, 0],
  [0, Math.floor(customers / 10), 1], // evicted long ago: recovered from PostgreSQL
];
for (const [from, to, visit] of visits) {
  for (let start = from; start < to; start += CHUNK) {
    const chunk: Transaction[] = [];
    for (let customer = start; customer < Math.min(to, start + CHUNK); customer++)
      chunk.push(transaction(customer, visit));
    await Promise.all(toBatches(chunk, CHUNK, offsets).map((batch) => pipeline.handleTransactions(batch)));
    sample();
  }
}
const seconds = (performance.now() - began) / 1000;
clearInterval(sampler);
const scored = customers + Math.floor(customers / 10);
console.log(
  JSON.stringify({
    result: {
      customers,
      cacheCustomers,
      scored,
      seconds,
      txPerSecond: scored / seconds,
      peakRssMiB: peakRss / 2 ** 20,
      peakHeapMiB: peakHeap / 2 ** 20,
      recoveredCustomers: pipeline.recoveredCustomers,
    },
  }),
);
await bus.close();
await model.close();
await store.close(); // its last NOTIFY goes out before the pool ends
await pool.end();
