// Root module of the scoring service: the scoring worker over an event store, a transaction bus and
// a customer state store, each injectable (the one-process demo passes in-memory ones); without
// overrides, the configured event store (EVENT_STORE) and the Kafka bus (KAFKA_BROKERS).
import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import pg from 'pg';
import { connectEventStore, guardCheckedOutClients, migrateEventStore, type EventStore } from '#eventstore';
import {
  KafkaTransactionBus,
  TOPICS,
  type TopicNames,
  TRANSACTION_BUS,
  type TransactionBus,
} from '#messaging';
import { HealthModule } from '#platform';
import { defaultSetup, type ScoringSetup } from './consumer/scoring-setup.js';
import { ScoringWorker } from './consumer/scoring-worker.js';
import type { ScoringConfig } from './scoring.config.js';
import {
  CUSTOMER_STATE_STORE,
  SCORING_CONFIG,
  SCORING_EVENT_STORE,
  SCORING_SETUP,
} from './scoring.tokens.js';
import type { CustomerStateStore } from './state/customer-state-store.js';
import { PostgresCustomerStateStore } from './state/postgres-customer-state-store.js';

export { SCORING_CONFIG } from './scoring.tokens.js';

/** Replacements for what the module would otherwise build from configuration. */
export interface ScoringOverrides {
  readonly eventStore?: EventStore;
  readonly bus?: TransactionBus;
  readonly stateStore?: CustomerStateStore;
  readonly setup?: Partial<ScoringSetup>;
}

@Module({})
export class ScoringModule {
  static create(config: ScoringConfig, overrides: ScoringOverrides = {}): DynamicModule {
    return {
      module: ScoringModule,
      imports: [HealthModule.forService('scoring')],
      providers: [
        { provide: SCORING_CONFIG, useValue: config },
        ...infrastructure(config, overrides),
        ScoringWorker,
      ],
      exports: [SCORING_CONFIG, ScoringWorker],
    };
  }
}

function infrastructure(config: ScoringConfig, overrides: ScoringOverrides): Provider[] {
  // pg pools connect lazily: building them here does not need the database to be up yet.
  const needsPool = !overrides.eventStore || !overrides.stateStore;
  // Partitions are scored concurrently, each with up to three queries in flight at once.
  const pool = needsPool ? new pg.Pool({ connectionString: config.DATABASE_URL, max: 12 }) : undefined;
  // An idle connection the server closes (restart, pg_terminate_backend) is replaced on the next
  // query; without a listener pg would raise it as an uncaught error and end the process.
  pool?.on('error', (error) =>
    new Logger('Scoring').warn({
      msg: 'idle PostgreSQL connection lost; it is replaced on the next query (retriable)',
      error: error.message,
    }),
  );
  if (pool) guardCheckedOutClients(pool);
  const eventStore = overrides.eventStore ?? connectEventStore(config, { pool });
  const stateStore = overrides.stateStore ?? new PostgresCustomerStateStore(pool!);
  const topics = prefixedTopics(config.SCORING_TOPIC_PREFIX);
  const bus =
    overrides.bus ??
    new KafkaTransactionBus({
      brokers: config.KAFKA_BROKERS,
      clientId: `scoring-${process.pid}`,
      topics,
      partitions: config.KAFKA_PARTITIONS,
    });
  const setup = defaultSetup(config.MODEL_PATH, {
    topics,
    migrate: async () => {
      if (!pool) return;
      if (!overrides.eventStore) await migrateEventStore(eventStore);
      if (stateStore instanceof PostgresCustomerStateStore) await stateStore.migrate();
    },
    close: async () => {
      await pool?.end();
    },
    ...overrides.setup,
  });
  return [
    { provide: SCORING_EVENT_STORE, useValue: eventStore },
    { provide: TRANSACTION_BUS, useValue: bus },
    { provide: CUSTOMER_STATE_STORE, useValue: stateStore },
    { provide: SCORING_SETUP, useValue: setup },
  ];
}

export const prefixedTopics = (prefix: string): TopicNames => ({
  transactions: `${prefix}${TOPICS.transactions}`,
  deadLetters: `${prefix}${TOPICS.deadLetters}`,
  decisions: `${prefix}${TOPICS.decisions}`,
  chargebacks: `${prefix}${TOPICS.chargebacks}`,
});
