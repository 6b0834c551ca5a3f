// The Kafka TransactionBus (kafkajs): an idempotent producer (acks=all, one request in flight) whose
// sends are coalesced: concurrent publish calls within a few milliseconds go out as one request, so
// many small HTTP requests still make big Kafka batches. Topics are created when missing, and used
// once every partition has a leader (topic-leaders.ts).
import type { Transaction } from '#domain';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import type { Chargeback } from '../contracts/chargeback.contract.js';
import type { FraudDecision } from '../contracts/decision.contract.js';
import { MessagingError } from '../messaging-error.js';
import {
  chargebackRecords,
  deadLetterRecords,
  decisionRecords,
  type OutgoingRecord,
  transactionRecords,
} from '../outgoing.js';
import { DEFAULT_PARTITIONS, TOPICS, topicList, type TopicNames } from '../topics.js';
import type { BusConsumer, ConsumeOptions, DeadLetter, TransactionBus } from '../transaction-bus.port.js';
import { type KafkaConsumerTuning, startKafkaConsumer } from './kafka-consumer.js';
import { SendCoalescer } from './send-coalescer.js';
import { waitForTopicLeaders } from './topic-leaders.js';

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly topics?: TopicNames;
  /** Partitions of topics this bus creates. Default 6 (env KAFKA_PARTITIONS in the services). */
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** A publish not acknowledged within this time fails as retriable. Default 10 s. */
  readonly publishTimeoutMs?: number;
  /** How long sends wait for company before going out. Default 2 ms. */
  readonly lingerMs?: number;
  /** Consumer fetch sizes and how many partition batches are handled at once. */
  readonly consumer?: KafkaConsumerTuning;
}

export class KafkaTransactionBus implements TransactionBus {
  readonly topics: TopicNames;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly coalescer: SendCoalescer;
  private connecting: Promise<void> | undefined;
  private readonly consumers = new Set<BusConsumer>();

  constructor(private readonly options: KafkaBusOptions) {
    this.topics = options.topics ?? TOPICS;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'fraud-platform',
      brokers: [...options.brokers],
      logLevel: logLevel.ERROR,
      connectionTimeout: 3_000,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Bounded (kafkajs warns it weakens exactly-once under endless outages): a caller waiting on
      // a 202 must get an answer; the publish timeout below turns a long outage into a retriable error.
      retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    this.coalescer = new SendCoalescer(
      (topicMessages) => this.producer.sendBatch({ topicMessages, acks: -1 }),
      options.lingerMs ?? 2,
    );
  }

  /** Connects the producer (once; concurrent callers share the attempt, a failure allows retry). */
  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw MessagingError.from(error, `connecting to Kafka at ${this.options.brokers.join(',')}`);
    });
    return this.connecting;
  }

  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const topics = [...new Set(topicList(this.topics))];
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: this.options.partitions ?? DEFAULT_PARTITIONS,
            replicationFactor: this.options.replicationFactor ?? -1,
          })),
        });
      }
      // Also the topics found: another process may have created them a moment ago.
      await waitForTopicLeaders(admin, topics);
    } catch (error) {
      throw MessagingError.from(error, 'creating the bus topics');
    } finally {
      await admin.disconnect();
    }
  }

  publishTransactions(transactions: readonly Transaction[]): Promise<void> {
    return this.publish(this.topics.transactions, transactionRecords(transactions));
  }

  publishChargebacks(chargebacks: readonly Chargeback[]): Promise<void> {
    return this.publish(this.topics.chargebacks, chargebackRecords(chargebacks));
  }

  publishDecisions(decisions: readonly FraudDecision[]): Promise<void> {
    return this.publish(this.topics.decisions, decisionRecords(decisions));
  }

  publishDeadLetters(deadLetters: readonly DeadLetter[]): Promise<void> {
    return this.publish(this.topics.deadLetters, deadLetterRecords(deadLetters));
  }

  async consume(options: ConsumeOptions): Promise<BusConsumer> {
    const consumer = await startKafkaConsumer(this.kafka, options, this.options.consumer);
    const tracked: BusConsumer = {
      stop: async () => {
        this.consumers.delete(tracked);
        await consumer.stop();
      },
    };
    this.consumers.add(tracked);
    return tracked;
  }

  async check(): Promise<{ ok: boolean; detail?: string }> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return { ok: true, detail: `${cluster.brokers.length} broker(s)` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await this.coalescer.drain();
    await this.producer.disconnect();
    this.connecting = undefined;
  }

  private async publish(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const messages: Message[] = records.map((record) => ({
      key: record.key,
      value: record.value,
      headers: record.headers,
    }));
    const timeoutMs = this.options.publishTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.coalescer.send(topic, messages),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new MessagingError(
                  `publishing to ${topic} timed out after ${timeoutMs} ms (retriable)`,
                  true,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw MessagingError.from(error, `publishing ${records.length} message(s) to ${topic}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
