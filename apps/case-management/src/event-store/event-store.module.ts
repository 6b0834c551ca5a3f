// The event store and the PostgreSQL pool the API uses: commands load and append aggregates through
// the store; queries read the projections' tables through the pool. Both are closed on shutdown.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { migrate, PostgresEventStore, type EventStore } from '#eventstore';

export const EVENT_STORE = Symbol('EventStore');
export const READ_POOL = Symbol('ReadPool');

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
          useFactory: () => new pg.Pool({ connectionString: databaseUrl, max: 20 }),
        },
        {
          provide: EVENT_STORE,
          inject: [READ_POOL],
          // The event store's own migrations run at boot (idempotent, under an advisory lock), so
          // the API can take commands on a fresh database.
          useFactory: async (pool: pg.Pool): Promise<EventStore> => {
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
