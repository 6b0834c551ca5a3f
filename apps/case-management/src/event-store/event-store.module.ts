// The event store and the PostgreSQL pool the API uses: commands load and append aggregates through
// the store; queries read the projections' tables through the pool. Both are closed on shutdown.
// The store is the one EVENT_STORE names; with PostgreSQL it shares the read pool (as it always
// has), with EventStoreDB the pool serves the read tables only. /ready reports on the store.
import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import {
  checkEventStore,
  createEventStore,
  guardCheckedOutClients,
  type EventStore,
  type EventStoreSettings,
} from '#eventstore';
import { Readiness } from '#platform';
import { migrateReadModel } from '#read-model';

export const EVENT_STORE = Symbol('EventStore');
export const READ_POOL = Symbol('ReadPool');
const logger = new Logger('Database');

class Lifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_POOL) private readonly pool: pg.Pool,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  onApplicationBootstrap(): void {
    this.readiness.register({ name: 'event-store', check: () => checkEventStore(this.store) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

@Global()
@Module({})
export class EventStoreModule {
  /**
   * The configured event store (EVENT_STORE, EVENTSTORE_URL) and the read pool (DATABASE_URL);
   * `store` replaces the configured one (tests of the API over the in-memory store).
   */
  static forConfig(
    config: EventStoreSettings & { readonly DATABASE_URL: string; readonly DATABASE_POOL_SIZE?: number },
    store?: EventStore,
  ): DynamicModule {
    const databaseUrl = config.DATABASE_URL;
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: READ_POOL,
          useFactory: () => {
            const pool = new pg.Pool({ connectionString: databaseUrl, max: config.DATABASE_POOL_SIZE ?? 10 });
            // An idle pooled connection the server drops (restart, failover) is replaced on the next
            // query; without a listener the 'error' event would kill the process.
            pool.on('error', (error) =>
              logger.warn({ msg: 'idle database connection closed (retriable)', error: error.message }),
            );
            guardCheckedOutClients(pool);
            return pool;
          },
        },
        {
          provide: EVENT_STORE,
          inject: [READ_POOL],
          // The event store's and the read tables' migrations run at boot (idempotent, each under an
          // advisory lock, so racing the projections service is safe): on a fresh database the API
          // takes commands and answers queries (empty) instead of "relation does not exist".
          useFactory: async (pool: pg.Pool): Promise<EventStore> => {
            await migrateReadModel(databaseUrl);
            if (store) return store;
            return await createEventStore(config, { pool });
          },
        },
        Lifecycle,
      ],
      exports: [EVENT_STORE, READ_POOL],
    };
  }
}
