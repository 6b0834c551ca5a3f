// Topic names (ARCHITECTURE.md, "Transaction bus"). Adapters take them as an option so tests can
// use topics of their own.
export interface TopicNames {
  readonly transactions: string;
  readonly deadLetters: string;
  readonly decisions: string;
  readonly chargebacks: string;
}

export const TOPICS: TopicNames = {
  transactions: 'transactions',
  deadLetters: 'transactions.dlq',
  decisions: 'fraud-decisions',
  chargebacks: 'chargebacks',
};

/** The four topic names as a list. */
export const topicList = (topics: TopicNames): string[] => [
  topics.transactions,
  topics.deadLetters,
  topics.decisions,
  topics.chargebacks,
];

/** Partitions of topics the adapters create (env KAFKA_PARTITIONS in the services). */
export const DEFAULT_PARTITIONS = 6;

/** Dead-letter headers: why the original message was rejected and where it came from. */
export const DLQ_HEADERS = {
  error: 'x-error',
  errorCode: 'x-error-code',
  retriable: 'x-error-retriable',
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
} as const;
