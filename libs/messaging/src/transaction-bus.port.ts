// The TransactionBus port: batch-first publishing of the contract messages, and an at-least-once
// consumer that hands raw messages per partition to a handler and commits only once it resolves.
import type { Transaction } from '#domain';
import type { Chargeback } from './contracts/chargeback.contract.js';
import type { FraudDecision } from './contracts/decision.contract.js';

export const TRANSACTION_BUS = Symbol('TransactionBus');

/** One message as read from a topic; `value` is the original bytes (decode with the contracts). */
export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: a decimal string. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** Messages of one partition, in offset order. */
export interface BusBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly BusMessage[];
  /**
   * The partition's high watermark when the batch was fetched: the offset the next message written
   * to it will get (decimal string). Consumer lag in messages = highWatermark - (last offset + 1).
   */
  readonly highWatermark: string;
}

/** The partitions of one topic a group member owns. */
export interface PartitionAssignment {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** A message that could not be processed: its original bytes and why. */
export interface DeadLetter {
  readonly original: Pick<BusMessage, 'key' | 'value'> & Partial<BusMessage>;
  readonly error: { readonly message: string; readonly code?: string; readonly retriable?: boolean };
}

export interface ConsumeOptions {
  /** Consumers of one group share the partitions; each group has its own committed offsets. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Resolve to commit the batch; reject to have it (and what follows) delivered again. Offsets are
   * committed in order: a batch only once it and every earlier batch of its partition resolved.
   */
  handle(batch: BusBatch): Promise<void>;
  /**
   * At most this many batches of one partition are handed to `handle` before the earlier ones have
   * resolved (default 1: one at a time). Above 1 the handler itself orders what a batch needs from
   * the one before it (e.g. per-customer state); when one rejects, the bus delivers it and every
   * batch after it again, whether or not those resolved. Adapters may hand over fewer.
   */
  readonly inFlightPerPartition?: number;
  /** Where a group without committed offsets starts. Default true (earliest). */
  readonly fromBeginning?: boolean;
  /** Told of every handler failure before redelivery (log it; never ignored silently). */
  onError?(error: unknown, batch: BusBatch): void;
  /**
   * Told of this member's whole assignment (every subscribed topic, possibly with no partitions)
   * each time the group (re)assigns partitions, before batches of the new assignment are handled.
   * A partition that is new in it was another member's: what this member knew of it is stale.
   */
  onAssignment?(assignment: readonly PartitionAssignment[]): void;
}

export interface BusConsumer {
  /** Graceful: waits for the batch in hand, commits it if its handler resolved, then leaves. */
  stop(): Promise<void>;
}

export interface TransactionBus {
  /** Creates missing topics; idempotent. */
  ensureTopics(): Promise<void>;
  /** Each resolves once every message is durably on its topic (key = customerId). */
  publishTransactions(transactions: readonly Transaction[]): Promise<void>;
  publishChargebacks(chargebacks: readonly Chargeback[]): Promise<void>;
  publishDecisions(decisions: readonly FraudDecision[]): Promise<void>;
  publishDeadLetters(deadLetters: readonly DeadLetter[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<BusConsumer>;
  /** For /ready: can the bus take messages now? */
  check(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}
