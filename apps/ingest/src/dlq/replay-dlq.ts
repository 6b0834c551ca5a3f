// Replays the dead-letter topic: every message dead-lettered so far (up to the end offsets at the
// start of the run) is decided once: replayed onto `transactions` when it is a valid transaction
// today, parked otherwise. Progress is the consumer group's committed offsets, so a second run only
// sees what was dead-lettered since; `--dry-run` reads with a throwaway group and changes nothing.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DLQ_HEADERS, TOPICS, type TopicNames } from '#messaging';
import { decideReplay } from './replay-decision.js';

export interface ReplayOptions {
  readonly brokers: readonly string[];
  readonly topics?: TopicNames;
  /** Consumer group holding the replay's progress. Default `dlq-replay`. */
  readonly groupId?: string;
  readonly dryRun?: boolean;
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
}

export interface ReplaySummary {
  readonly replayed: number;
  readonly parked: number;
  /** Why parked messages still fail, with how many fail that way. */
  readonly parkedReasons: Readonly<Record<string, number>>;
}

export async function replayDeadLetters(options: ReplayOptions): Promise<ReplaySummary> {
  const topics = options.topics ?? TOPICS;
  const log = options.log ?? (() => undefined);
  const kafka = new Kafka({
    clientId: 'dlq-replay',
    brokers: [...options.brokers],
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(topics.deadLetters)).map((partition) => [
      partition.partition,
      BigInt(partition.high),
    ]),
  );
  await admin.disconnect();

  const groupId = options.dryRun ? `dlq-replay-dry-${randomUUID()}` : (options.groupId ?? 'dlq-replay');
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let replayed = 0;
  let parked = 0;
  const parkedReasons: Record<string, number> = {};
  const reached = new Map<number, boolean>([...ends].map(([partition, end]) => [partition, end === 0n]));

  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topic: topics.deadLetters, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const end = ends.get(batch.partition) ?? 0n;
        const toReplay: Array<{ key: string | null; value: Buffer; headers: Record<string, string> }> = [];
        let last: bigint | undefined;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset >= end) break; // dead-lettered after this run began: the next run takes it
          last = offset;
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString() ?? '']),
          );
          const decision = decideReplay({
            key: message.key?.toString() ?? null,
            value: message.value ?? Buffer.alloc(0),
            headers,
          });
          if (decision.action === 'replay') {
            toReplay.push({
              key: decision.key,
              value: decision.value,
              headers: { 'x-replayed-from': `${topics.deadLetters}/${batch.partition}/${message.offset}` },
            });
          } else {
            parked++;
            parkedReasons[decision.reason] = (parkedReasons[decision.reason] ?? 0) + 1;
            log(
              `parked ${batch.partition}/${message.offset}: ${decision.reason} (dead-lettered for: ${headers[DLQ_HEADERS.error] ?? 'unknown'})`,
            );
          }
        }
        if (!options.dryRun && toReplay.length > 0) {
          await producer.send({ topic: topics.transactions, messages: toReplay });
        }
        replayed += toReplay.length;
        // Committed only once the replayed messages are durable: a crash replays them again, which
        // scoring absorbs (one TransactionScored per transactionId).
        if (!options.dryRun && last !== undefined) {
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (last + 1n).toString() },
          ]);
        }
        await payload.heartbeat();
        if (last !== undefined && last + 1n >= end) reached.set(batch.partition, true);
      },
    });
    await untilCaughtUp(kafka, topics.deadLetters, groupId, ends, reached, options.timeoutMs ?? 60_000);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    if (options.dryRun) {
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.disconnect();
    }
  }
  return { replayed, parked, parkedReasons };
}

/**
 * Resolves once every partition is done: reached through this run's batches, or already at its end
 * by the group's committed offsets (such a partition delivers no batch at all).
 */
async function untilCaughtUp(
  kafka: Kafka,
  topic: string,
  groupId: string,
  ends: ReadonlyMap<number, bigint>,
  reached: Map<number, boolean>,
  timeoutMs: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    while (![...reached.values()].every(Boolean)) {
      if (Date.now() > deadline) {
        throw new Error(
          `DLQ replay did not reach the end of ${topic} within ${timeoutMs} ms; run it again to continue`,
        );
      }
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const partition of committed?.partitions ?? []) {
        if (partition.offset !== '-1' && BigInt(partition.offset) >= (ends.get(partition.partition) ?? 0n)) {
          reached.set(partition.partition, true);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await admin.disconnect();
  }
}
