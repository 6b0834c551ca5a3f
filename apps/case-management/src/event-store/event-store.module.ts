// The event store and the PostgreSQL pool the API uses: commands load and append aggregates through
// the store; queries read the projections' tables through the pool. Both are closed on shutdown.
import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { guardCheckedOutClients, migrate, PostgresEventStore, type EventStore } from '#eventstore';
import { migrateReadModel } from '#read-model';

export const EVENT_STORE = Symbol('EventStore');
export const READ_POOL = Symbol('ReadPool');
const logger = new Logger('Database');

class Lifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_POOL) private readonly pool: pg.Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

@Global()
@Module({})
export class EventStoreModule {
  /** `store` replaces the PostgreSQL event store (tests of the API over the in-memory store). */
  static forDatabase(databaseUrl: string, store?: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: READ_POOL,
          useFactory: () => {
            const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
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
            await migrate(pool);
            return new PostgresEventStore({ pool, ownsPool: false });
          },
        },
        Lifecycle,
      ],
      exports: [EVENT_STORE, READ_POOL],
    };
  }
}
