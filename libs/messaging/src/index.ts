// libs/messaging: the TransactionBus port (batch-first publishing of versioned JSON contracts, an
// at-least-once per-partition consumer), its Kafka (kafkajs) and in-memory adapters, and the message
// contracts (`transaction.v1`, `chargeback.v1`, `decision.v1`) as zod schemas used by the producers
// (ingest) and the consumers (scoring) alike. See docs/INGEST.md, "Transaction bus".
export * from './topics.js';
export * from './messaging-error.js';
export * from './transaction-bus.port.js';
export * from './contracts/fields.js';
export * from './contracts/codec.js';
export * from './contracts/transaction.contract.js';
export * from './contracts/chargeback.contract.js';
export * from './contracts/decision.contract.js';
export { InMemoryTransactionBus, partitionOf, type InMemoryBusOptions } from './in-memory/in-memory-bus.js';
export { KafkaTransactionBus, type KafkaBusOptions } from './kafka/kafka-bus.js';
export { waitForTopicLeaders, type TopicLeadersWait } from './kafka/topic-leaders.js';
export type { KafkaConsumerTuning } from './kafka/kafka-consumer.js';
