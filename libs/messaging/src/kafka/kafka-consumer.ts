// The at-least-once consumer over kafkajs: batches per partition go to the handler; the offset is
// committed only after the handler resolves. A failing handler makes kafkajs seek back and redeliver
// from the last commit (with its retry back-off); stop() lets the batch in hand finish first.
// Every partition of a fetch is handled at once (`partitionsConsumedConcurrently`): kafkajs fetches
// again only when all batches of the previous fetch are done, so handing them over one at a time
// would put one partition's round trips after another's.
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { MessagingError } from '../messaging-error.js';
import type {
  BusBatch,
  BusConsumer,
  BusMessage,
  ConsumeOptions,
  PartitionAssignment,
} from '../transaction-bus.port.js';

export interface KafkaConsumerTuning {
  /** Partition batches handled at the same time. Default 6 (the topics' default partition count). */
  readonly concurrency?: number;
  /** Most bytes fetched per partition and request. Default 1 MiB (kafkajs' default). */
  readonly maxBytesPerPartition?: number;
  /** How long the broker may wait for data to fill a fetch. Default 100 ms. */
  readonly maxWaitTimeMs?: number;
}

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
  if (options.onAssignment) {
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      options.onAssignment?.(toAssignment(options.topics, event.payload.memberAssignment));
    });
  }
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: tuning.concurrency ?? 6,
      eachBatch: (payload) => handleBatch(options, payload),
    });
  } catch (error) {
    await consumer.disconnect();
    throw MessagingError.from(error, `starting consumer group ${options.groupId}`);
  }
  return { stop: () => consumer.disconnect() };
}

async function handleBatch(options: ConsumeOptions, payload: EachBatchPayload) {
  const { batch } = payload;
  if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
  const messages: BusMessage[] = batch.messages.map((message) => ({
    topic: batch.topic,
    partition: batch.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value ?? Buffer.alloc(0),
    headers: Object.fromEntries(
      Object.entries(message.headers ?? {}).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value.toString()]],
      ),
    ),
  }));
  const busBatch: BusBatch = {
    topic: batch.topic,
    partition: batch.partition,
    messages,
    highWatermark: batch.highWatermark,
  };
  try {
    await options.handle(busBatch);
  } catch (error) {
    options.onError?.(error, busBatch);
    throw error; // kafkajs seeks back to the committed offset and delivers again
  }
  const last = batch.lastOffset();
  payload.resolveOffset(last);
  // The payload's commit (with explicit offsets) also works while stop() waits for this batch;
  // consumer.commitOffsets would skip it once the consumer is no longer running.
  await payload.commitOffsetsIfNecessary({
    topics: [
      {
        topic: batch.topic,
        partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
      },
    ],
  });
  await payload.heartbeat();
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
