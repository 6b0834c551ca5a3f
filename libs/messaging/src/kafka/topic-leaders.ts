// Waiting for new topics to be usable. Under KRaft (Kafka 3.3+, the only mode of Kafka 4) a broker
// learns of a topic from the metadata log a moment after the controller created it: its metadata
// answers UNKNOWN_TOPIC_OR_PARTITION until then, and once it names a leader, that leader may still
// answer NOT_LEADER_OR_FOLLOWER to produce and list-offsets requests while it sets the partition up
// (its metadata cache is updated first; KAFKA-15780). kafkajs's `createTopics({ waitForLeaders:
// true })` waits only through LEADER_NOT_AVAILABLE and fails on the first answer (seen in CI: "This
// server does not host this topic-partition"); in the second moment a produce failed with "not the
// leader", kafkajs retried it, and the topic then held that message twice (seen in CI: the DLQ
// replay found a dead letter twice; how the retry wrote it twice was not established). So the bus
// creates without it and waits here until every partition's leader answers for its offsets.
import type { Admin } from 'kafkajs';
import { errorChain, MessagingError } from '../messaging-error.js';

/** Errors a broker gives for a topic it has not caught up with yet. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

export interface TopicLeadersWait {
  /**
   * Give up after this long. Default 30 s. A request under way then may run on through kafkajs's own
   * retries (a few seconds) before the wait ends.
   */
  readonly timeoutMs?: number;
  /** Pause between metadata requests. Default 100 ms. */
  readonly intervalMs?: number;
}

/**
 * Resolves once every partition of every topic has a leader in the broker's metadata and that leader
 * answers for the partition's offsets; rethrows any other error at once, and after `timeoutMs`
 * throws naming what the broker still reports.
 */
export async function waitForTopicLeaders(
  admin: Pick<Admin, 'fetchTopicMetadata' | 'fetchTopicOffsets'>,
  topics: readonly string[],
  { timeoutMs = 30_000, intervalMs = 100 }: TopicLeadersWait = {},
): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  let problem = `no metadata for ${topics.join(', ')}`;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = found
        .filter(
          (topic) =>
            topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0),
        )
        .map((topic) => topic.name);
      if (leaderless.length === 0 && found.length === topics.length) {
        for (const topic of topics) await admin.fetchTopicOffsets(topic);
        return;
      }
      problem = `a partition without a leader in ${(leaderless.length > 0 ? leaderless : topics).join(', ')}`;
    } catch (error) {
      const type = protocolErrorType(error);
      if (type === undefined || !NOT_YET.has(type)) throw error;
      problem = `${type} for ${topics.join(', ')}`;
    }
    if (Date.now() >= deadline) {
      throw new MessagingError(
        `Kafka topics not ready after ${timeoutMs} ms: the broker still reports ${problem}. Check the broker's log (controller quorum, disk space) and retry.`,
        true,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The Kafka error type of a kafkajs error, also when kafkajs wrapped it after its own retries. */
function protocolErrorType(error: unknown): string | undefined {
  for (const current of errorChain(error)) {
    const { type } = current as { type?: unknown };
    if (typeof type === 'string') return type;
  }
  return undefined;
}
