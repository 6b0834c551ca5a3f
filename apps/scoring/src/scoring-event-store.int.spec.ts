// Scoring appends to the event store EVENT_STORE names; its customer state stays on PostgreSQL
// whichever it is. With PostgreSQL the store shares scoring's one pool, as it always has. No
// EventStoreDB server runs here: the module is only built (its client connects lazily) and migrated.
import { Test } from '@nestjs/testing';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '#eventstore';
import type { TransactionBus } from '#messaging';
import { createTestDatabase, type TestDatabase } from '#testing';
import pg from 'pg';
import type { ScoringSetup } from './consumer/scoring-setup.js';
import { loadScoringConfig } from './scoring.config.js';
import { ScoringModule } from './scoring.module.js';
import { SCORING_EVENT_STORE, SCORING_SETUP } from './scoring.tokens.js';

describe('the scoring event store', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase('scoring_event_store');
  });
  afterEach(async () => {
    await database.drop();
  });

  /** The module's store and setup, built from `env` as the service would; the bus is never used. */
  async function build(env: Record<string, string>): Promise<{ store: EventStore; setup: ScoringSetup }> {
    const config = loadScoringConfig({ DATABASE_URL: database.url, KAFKA_BROKERS: '127.0.0.1:1', ...env });
    const bus = { close: () => Promise.resolve() } as unknown as TransactionBus;
    const module = await Test.createTestingModule({
      imports: [ScoringModule.create(config, { bus })],
    }).compile();
    return {
      store: module.get<EventStore>(SCORING_EVENT_STORE),
      setup: module.get<ScoringSetup>(SCORING_SETUP),
    };
  }

  async function tables(): Promise<{ events: string | null; customers: string | null }> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ events: string | null; customers: string | null }>(
        `SELECT to_regclass('eventstore_migrations')::text AS events,
                to_regclass('scoring_customer_state')::text AS customers`,
      );
      return rows[0]!;
    } finally {
      await client.end();
    }
  }

  it('is PostgreSQL by default, on the 12-connection pool scoring shares, with its tables migrated', async () => {
    const { store, setup } = await build({});
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
      expect((store as PostgresEventStore).pool.options.max).toBe(12);
      await setup.migrate();
      expect(await tables()).toEqual({
        events: 'eventstore_migrations',
        customers: 'scoring_customer_state',
      });
    } finally {
      await store.close();
      await setup.close();
    }
  });

  it('is EventStoreDB with EVENT_STORE=eventstoredb; only the customer state is migrated on PostgreSQL', async () => {
    const { store, setup } = await build({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false',
    });
    try {
      expect(store).toBeInstanceOf(EventStoreDbEventStore);
      await setup.migrate();
      expect(await tables()).toEqual({ events: null, customers: 'scoring_customer_state' });
    } finally {
      await store.close();
      await setup.close();
    }
  });
});
