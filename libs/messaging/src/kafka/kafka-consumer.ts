// The at-least-once consumer over kafkajs: batches per partition go to the handler; the offset is
// committed only after the handler resolves. A failing handler makes kafkajs seek back and redeliver
// from the last commit (with its retry back-off); stop() lets the batch in hand finish first.
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { MessagingError } from '../messaging-error.js';
import type { BusBatch, BusConsumer, BusMessage, ConsumeOptions } from '../transaction-bus.port.js';

export async function startKafkaConsumer(kafka: Kafka, options: ConsumeOptions): Promise<BusConsumer> {
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
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
  const busBatch: BusBatch = { topic: batch.topic, partition: batch.partition, messages };
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
