// libs/eventstore: one port (EventStore), adapters for PostgreSQL (default), EventStoreDB and memory,
// subscriptions with transactional checkpoints. See docs/EVENTSTORE.md.
export * from './event-store.port.js';
export * from './errors.js';
export * from './upcasting.js';
export * from './subscription/subscription.types.js';
export { InMemoryEventStore } from './in-memory/in-memory-event-store.js';
export {
  InMemoryCheckpointStore,
  type DeadLetter,
  type InMemoryUnitOfWork,
} from './in-memory/in-memory-checkpoint-store.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export {
  PostgresCheckpointStore,
  type PostgresCheckpointStoreOptions,
} from './postgres/postgres-checkpoint-store.js';
export { migrate } from './postgres/migrate.js';
export { runInParts, slices } from './postgres/statement-parts.js';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store.js';
export {
  connectEventStore,
  createEventStore,
  eventStoreKind,
  migrateEventStore,
  type CreateEventStoreOptions,
  type EventStoreKind,
  type EventStoreSettings,
} from './create-event-store.js';
export { checkEventStore, eventStoreAdapterName, READINESS_PROBE_STREAM } from './event-store-readiness.js';
export { consoleLogger, type EventStoreLogger } from './event-store-logger.js';
export {
  createEventStorePool,
  guardCheckedOutClients,
  logPoolErrors,
  type EventStorePoolOptions,
} from './postgres/postgres-pool.js';
export { isRetriablePgError } from './postgres/postgres-errors.js';
