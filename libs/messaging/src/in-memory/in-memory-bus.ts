// The in-memory TransactionBus: for the one-process demo and unit tests. It keeps Kafka's semantics
// that callers rely on: partitions by key hash (one customer, one partition, in order), per-group
// committed offsets, commits only after the handler resolves, and redelivery of whatever was not
// committed when a consumer stops, fails or a new one joins the group. Messages live until close.
import type { Transaction } from '#domain';
import type { Chargeback } from '../contracts/chargeback.contract.js';
import type { FraudDecision } from '../contracts/decision.contract.js';
import {
  chargebackRecords,
  deadLetterRecords,
  decisionRecords,
  type OutgoingRecord,
  transactionRecords,
} from '../outgoing.js';
import { DEFAULT_PARTITIONS, TOPICS, topicList, type TopicNames } from '../topics.js';
import type {
  BusConsumer,
  BusMessage,
  ConsumeOptions,
  DeadLetter,
  TransactionBus,
} from '../transaction-bus.port.js';
import { InMemoryGroup } from './in-memory-group.js';

export interface InMemoryBusOptions {
  readonly topics?: TopicNames;
  readonly partitions?: number;
  /** Most messages handed to a handler at once. Default 500. */
  readonly maxBatchSize?: number;
  /** Wait before redelivering a batch whose handler failed. Default 100 ms. */
  readonly retryDelayMs?: number;
}

export class InMemoryTransactionBus implements TransactionBus {
  readonly topics: TopicNames;
  private readonly partitions: number;
  private readonly logs = new Map<string, BusMessage[][]>();
  private readonly groups = new Map<string, InMemoryGroup>();
  private closed = false;

  constructor(private readonly options: InMemoryBusOptions = {}) {
    this.topics = options.topics ?? TOPICS;
    this.partitions = options.partitions ?? DEFAULT_PARTITIONS;
  }

  ensureTopics(): Promise<void> {
    for (const topic of topicList(this.topics)) this.log(topic);
    return Promise.resolve();
  }

  publishTransactions(transactions: readonly Transaction[]): Promise<void> {
    return this.append(this.topics.transactions, transactionRecords(transactions));
  }

  publishChargebacks(chargebacks: readonly Chargeback[]): Promise<void> {
    return this.append(this.topics.chargebacks, chargebackRecords(chargebacks));
  }

  publishDecisions(decisions: readonly FraudDecision[]): Promise<void> {
    return this.append(this.topics.decisions, decisionRecords(decisions));
  }

  publishDeadLetters(deadLetters: readonly DeadLetter[]): Promise<void> {
    return this.append(this.topics.deadLetters, deadLetterRecords(deadLetters));
  }

  consume(options: ConsumeOptions): Promise<BusConsumer> {
    this.assertOpen();
    let group = this.groups.get(options.groupId);
    if (group === undefined) {
      group = new InMemoryGroup((topic) => this.log(topic), {
        maxBatchSize: this.options.maxBatchSize ?? 500,
        retryDelayMs: this.options.retryDelayMs ?? 100,
      });
      this.groups.set(options.groupId, group);
    }
    return Promise.resolve(group.join(options));
  }

  check(): Promise<{ ok: boolean; detail?: string }> {
    return Promise.resolve(
      this.closed ? { ok: false, detail: 'bus closed' } : { ok: true, detail: 'in-memory' },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].map((group) => group.stopAll()));
  }

  /** Every message on a topic, partition by partition: for tests and the demo's diagnostics. */
  messages(topic: string): BusMessage[] {
    return this.log(topic).flat();
  }

  private append(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
    this.assertOpen();
    const partitions = this.log(topic);
    for (const record of records) {
      const partition = record.key === null ? 0 : partitionOf(record.key, partitions.length);
      const log = partitions[partition]!;
      log.push({
        topic,
        partition,
        offset: String(log.length),
        key: record.key,
        value: record.value,
        headers: record.headers,
      });
    }
    for (const group of this.groups.values()) group.wake();
    return Promise.resolve();
  }

  private log(topic: string): BusMessage[][] {
    let partitions = this.logs.get(topic);
    if (partitions === undefined) {
      partitions = Array.from({ length: this.partitions }, () => []);
      this.logs.set(topic, partitions);
    }
    return partitions;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The in-memory bus is closed: create a new one.');
  }
}

/** FNV-1a: stable across runs, so a key always maps to the same partition. */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
