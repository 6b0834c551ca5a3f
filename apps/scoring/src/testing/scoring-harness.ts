// Test and benchmark plumbing: a scoring pipeline over given stores, and bus batches built from
// transactions the way Kafka would deliver them (key = customerId, one partition per customer).
import type { Transaction } from '#domain';
import type { EventStore, RecordedEvent } from '#eventstore';
import {
  type BusBatch,
  type BusMessage,
  encodeMessage,
  partitionOf,
  toTransactionMessage,
  type TransactionBus,
} from '#messaging';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import type { ScoringModel } from '../model/scoring-model.js';
import { ScoringPipeline } from '../pipeline/scoring-pipeline.js';
import { RiskPolicyView } from '../policy/risk-policy-view.js';
import { CustomerStateCache } from '../state/customer-state-cache.js';
import type { CustomerStateStore } from '../state/customer-state-store.js';

export const TEST_PARTITIONS = 6;

export function buildPipeline(options: {
  store: EventStore;
  bus: TransactionBus;
  stateStore: CustomerStateStore;
  model: ScoringModel;
  cacheCustomers?: number;
  batchSize?: number;
  metrics?: ScoringMetrics;
}): ScoringPipeline {
  return new ScoringPipeline({
    store: options.store,
    bus: options.bus,
    model: options.model,
    stateStore: options.stateStore,
    cache: new CustomerStateCache(options.stateStore, options.cacheCustomers ?? 100_000),
    policy: new RiskPolicyView(options.store, options.model.defaultThresholds),
    batchSize: options.batchSize ?? 500,
    metrics: options.metrics,
  });
}

/** Transactions as per-partition batches of at most `size`, offsets continuing from `offsets`. */
export function toBatches(
  transactions: readonly Transaction[],
  size: number,
  offsets = new Map<number, number>(),
  topic = 'transactions',
): BusBatch[] {
  const perPartition = new Map<number, BusMessage[]>();
  for (const transaction of transactions) {
    const partition = partitionOf(transaction.customerId, TEST_PARTITIONS);
    const offset = offsets.get(partition) ?? 0;
    offsets.set(partition, offset + 1);
    const messages = perPartition.get(partition) ?? [];
    messages.push(
      rawMessage(
        encodeMessage(toTransactionMessage(transaction)),
        partition,
        offset,
        transaction.customerId,
        topic,
      ),
    );
    perPartition.set(partition, messages);
  }
  const batches: BusBatch[] = [];
  for (const [partition, messages] of perPartition) {
    const highWatermark = String(offsets.get(partition) ?? 0);
    for (let start = 0; start < messages.length; start += size) {
      batches.push({ topic, partition, messages: messages.slice(start, start + size), highWatermark });
    }
  }
  return batches;
}

export function rawMessage(
  value: Buffer,
  partition: number,
  offset: number,
  key: string | null,
  topic = 'transactions',
): BusMessage {
  return { topic, partition, offset: String(offset), key, value, headers: { schema: 'transaction.v1' } };
}

/** Every event of a type in the store's feed. */
export async function eventsOfType(store: EventStore, type: string): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  let from = 'start';
  for (;;) {
    const page = await store.readAll(from, 5_000, { eventTypes: [type] });
    found.push(...page.events);
    from = page.checkpoint;
    if (page.endOfFeed) return found;
  }
}
