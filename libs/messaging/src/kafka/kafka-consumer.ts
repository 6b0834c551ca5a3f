// The at-least-once consumer over kafkajs. Fetching is decoupled from handling: each partition's
// fetched messages go into its PartitionLane (partition-lane.ts), which hands them to the handler as
// batches and commits each batch's offset only once it and every earlier one resolved; a rejected
// batch is fetched again (with back-off) together with everything after it. The fetch loop is held
// back only when a partition's buffer is full. stop() lets the batches in hand finish and commits them.
// The lanes' commits go to the group coordinator together, spaced (offset-commits.ts).
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { MessagingError } from '../messaging-error.js';
import type {
  BusConsumer,
  BusMessage,
  ConsumeOptions,
  PartitionAssignment,
} from '../transaction-bus.port.js';
import { OffsetCommits } from './offset-commits.js';
import { type LaneIo, PartitionLane } from './partition-lane.js';

export interface KafkaConsumerTuning {
  /** Partitions whose fetched batches are taken in at the same time. Default 6. */
  readonly concurrency?: number;
  /** Most bytes fetched per partition and request. Default 1 MiB (kafkajs' default). */
  readonly maxBytesPerPartition?: number;
  /** How long the broker may wait for data to fill a fetch. Default 100 ms. */
  readonly maxWaitTimeMs?: number;
  /**
   * Messages of one partition fetched but not yet handed to the handler before fetching is held
   * back; also the largest batch handed over. Default 5,000 (about two 1 MiB fetches of
   * `transaction.v1`).
   */
  readonly maxBufferedPerPartition?: number;
  /**
   * Least time between two offset commit requests of this consumer (all its partitions' offsets go
   * in one; offset-commits.ts). Default 100 ms: after a crash, or a rebalance whose hurried commit
   * the coordinator refused, at most that much is delivered again.
   */
  readonly commitIntervalMs?: number;
}

/** While the fetch loop waits for room in a lane it still tells the group it is alive. */
const HEARTBEAT_WHILE_WAITING_MS = 1_000;

export async function startKafkaConsumer(
  kafka: Kafka,
  options: ConsumeOptions,
  tuning: KafkaConsumerTuning = {},
): Promise<BusConsumer> {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    maxBytesPerPartition: tuning.maxBytesPerPartition ?? 1_048_576,
    // kafkajs' default is 5 s; the broker answers as soon as minBytes (1) is there anyway, this only
    // bounds how long an idle fetch holds the loop (and a newly assigned partition waits).
    maxWaitTimeInMs: tuning.maxWaitTimeMs ?? 100,
  });
  const lanes = new PartitionLanes(kafka, consumer, options, {
    inFlight: Math.max(1, options.inFlightPerPartition ?? 1),
    maxBuffered: tuning.maxBufferedPerPartition ?? 5_000,
    commitIntervalMs: tuning.commitIntervalMs ?? 100,
  });
  // Offsets owed for handled batches go out before the group reassigns their partitions, while the
  // coordinator may still take them; otherwise the new owner handles those batches again.
  consumer.on(consumer.events.REBALANCING, () => lanes.hurryCommits());
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const assignment = toAssignment(options.topics, event.payload.memberAssignment);
    lanes.keepOnly(assignment);
    options.onAssignment?.(assignment);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: tuning.concurrency ?? 6,
      eachBatch: (payload) => lanes.take(payload),
    });
  } catch (error) {
    await consumer.disconnect();
    throw MessagingError.from(error, `starting consumer group ${options.groupId}`);
  }
  return {
    stop: async () => {
      // Fetch nothing more, let the batches in hand finish and commit them, then leave the group.
      consumer.pause(options.topics.map((topic) => ({ topic })));
      await lanes.closeAll();
      await consumer.disconnect();
    },
  };
}

class PartitionLanes {
  private readonly lanes = new Map<string, PartitionLane>();
  /** Settles when a revoked lane's batches have (a new lane of the partition starts after it). */
  private readonly revoked = new Map<string, Promise<void>>();
  private stopping = false;
  /** The consumer group's commit, taken from a payload: it also works while stop() drains. */
  private commit: EachBatchPayload['commitOffsetsIfNecessary'] | undefined;
  /** Every lane's owed offset, committed together. */
  private readonly commits: OffsetCommits;

  private readonly logger: ReturnType<Kafka['logger']>;

  constructor(
    kafka: Kafka,
    private readonly consumer: Consumer,
    private readonly options: ConsumeOptions,
    private readonly limits: { inFlight: number; maxBuffered: number; commitIntervalMs: number },
  ) {
    this.logger = kafka.logger();
    this.commits = new OffsetCommits(async (offsets) => {
      const byTopic = new Map<string, { partition: number; offset: string }[]>();
      for (const { topic, partition, offset } of offsets)
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset }]);
      await this.commit?.({ topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
    }, limits.commitIntervalMs);
  }

  async take(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.stopping || batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    this.commit = (offsets) => payload.commitOffsetsIfNecessary(offsets);
    const lane = this.laneFor(batch.topic, batch.partition);
    while (lane.full) {
      await Promise.race([lane.room(), sleep(HEARTBEAT_WHILE_WAITING_MS)]);
      await payload.heartbeat();
    }
    if (this.stopping || payload.isStale()) return;
    const messages = batch.messages.map((message) => toBusMessage(batch.topic, batch.partition, message));
    // Marked consumed only when the lane took them: kafkajs fetches from the next offset on.
    if (lane.offer(messages, batch.highWatermark)) payload.resolveOffset(batch.lastOffset());
    await payload.heartbeat();
  }

  /** The group's new assignment: lanes of partitions this member lost are revoked. */
  keepOnly(assignment: readonly PartitionAssignment[]): void {
    const kept = new Set(assignment.flatMap(({ topic, partitions }) => partitions.map((p) => key(topic, p))));
    for (const [name, lane] of this.lanes) {
      if (kept.has(name)) continue;
      this.lanes.delete(name);
      this.revoked.set(name, lane.revoke());
      this.commits.forget(lane.topic, lane.partition);
    }
  }

  hurryCommits(): void {
    this.commits.hurry();
  }

  async closeAll(): Promise<void> {
    this.stopping = true;
    void this.commits.flush(); // what the lanes still owe goes without waiting out the interval
    // Revoked lanes commit nothing, but their batches still run: let them end before disconnecting.
    await Promise.all([...[...this.lanes.values()].map((lane) => lane.close()), ...this.revoked.values()]);
  }

  private laneFor(topic: string, partition: number): PartitionLane {
    const name = key(topic, partition);
    const existing = this.lanes.get(name);
    if (existing) return existing;
    const lane = new PartitionLane(
      topic,
      partition,
      this.io(topic, partition),
      this.limits,
      this.revoked.get(name),
    );
    this.revoked.delete(name);
    this.lanes.set(name, lane);
    return lane;
  }

  private io(topic: string, partition: number): LaneIo {
    const { consumer, options } = this;
    const one = [{ topic, partitions: [partition] }];
    return {
      handle: (batch) => options.handle(batch),
      commit: (offset) => this.commits.commit(topic, partition, offset),
      pause: () => consumer.pause(one),
      rewind: (offset) => {
        if (offset !== undefined) consumer.seek({ topic, partition, offset });
        consumer.resume(one);
      },
      onError: (error, batch) => options.onError?.(error, batch),
      // E.g. a commit refused during a rebalance (the next one covers it), a seek while kafkajs
      // restarts its consumer (retried with back-off).
      onTrouble: (what, error) =>
        this.logger.warn(`consumer lane: ${what} failed`, { error: (error as Error).message }),
    };
  }
}

const key = (topic: string, partition: number) => `${topic}|${partition}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function toBusMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value ?? Buffer.alloc(0),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value.toString()]],
      ),
    ),
  };
}

function toAssignment(
  topics: readonly string[],
  memberAssignment: Record<string, number[]>,
): PartitionAssignment[] {
  return topics.map((topic) => ({
    topic,
    partitions: [...(memberAssignment[topic] ?? [])].sort((a, b) => a - b),
  }));
}
