// The scoring bench's offered load, in a process of its own as ingest is in a deployment: the
// simulation the bench drained (same seed, its first SKIP transactions passed over, so the customers
// are the ones the service has seen, and the warm-up's RATE after them) published at RATE transactions/s for SECONDS seconds, the due
// ones every ~5 ms, each with occurredAt = the moment it is sent. Kept out of the scoring process
// so that its event loop and garbage collector serve the pipeline alone: a producer sharing them
// delayed the very messages whose latency is measured. Once started, past the SKIP transactions,
// warmed up, and after the lead-in (LEAD_IN_SECONDS of the load sent to the service), it prints
// `{"ready": true, "leadIn": <sent>}` and sends the measured load only after a line on its stdin (the
// bench starts its measurements in between); then one line `{"result": ...}`: how many were sent and
// the CPU this process used while sending. Run with --expose-gc (the bench does).
import type { Transaction } from '#domain';
import { KafkaTransactionBus } from '#messaging';
import { createSimulation } from '#simulator';
import { prefixedTopics } from '../../apps/scoring/src/scoring.module.js';
import { sleep } from './bench-infra.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (the scoring bench sets it for this worker)`);
  return value;
};

const rate = Number(env('RATE'));
const target = rate * Number(env('SECONDS'));
const simulation = createSimulation({
  seed: Number(env('SEED')),
  fraudShare: Number(env('FRAUD_SHARE')),
  start: new Date(env('SIMULATION_START')),
});
for (let skipped = 0, skip = Number(env('SKIP')); skipped < skip; skipped += 10_000)
  simulation.take(Math.min(10_000, skip - skipped));
/** Sends `count` transactions at `rate`/s, the due ones every ~5 ms, occurredAt = when sent. */
async function offer(bus: KafkaTransactionBus, count: number): Promise<void> {
  const t0 = performance.now();
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, 1 + Math.floor(((performance.now() - t0) * rate) / 1_000));
    if (due > sent) {
      const now = new Date().toISOString();
      const fresh: Transaction[] = simulation
        .take(due - sent)
        .map(({ transaction }) => ({ ...transaction, occurredAt: now }));
      await bus.publishTransactions(fresh);
      sent = due;
    }
    await sleep(5);
  }
}

const brokers = env('KAFKA_BROKERS').split(',');
const prefix = env('TOPIC_PREFIX');
// A cold process sends its first messages slowly (its code not yet optimised, the skipped
// transactions' garbage still to collect): first a second at the same rate to topics nobody
// consumes, so the measured window starts with a warm producer, not with a stall of its own.
(globalThis as { gc?: () => void }).gc?.();
const warmup = new KafkaTransactionBus({
  brokers,
  topics: prefixedTopics(`${prefix}warmup.`),
  clientId: 'bench-scoring-warmup',
});
await warmup.ensureTopics();
await offer(warmup, rate);
await warmup.close();
const producer = new KafkaTransactionBus({
  brokers,
  topics: prefixedTopics(prefix),
  clientId: 'bench-scoring-load',
});
// The lead-in: the same load to the scoring service for LEAD_IN_SECONDS before the window, so that
// the window measures 1,000 tx/s going on, not the service's passage from the drain's burst to it.
const leadIn = rate * Number(env('LEAD_IN_SECONDS'));
await offer(producer, leadIn);
console.log(JSON.stringify({ ready: true, leadIn }));
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await offer(producer, target);
const sent = target;
const cpu = process.cpuUsage(cpu0);
await producer.close();
console.log(
  JSON.stringify({
    result: { sent, seconds: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 },
  }),
);
