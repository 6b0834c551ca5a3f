// One call that gives a service the event store its configuration names, so every app switches
// adapters the same way: EVENT_STORE=postgres (default; DATABASE_URL, migrated before use) or
// EVENT_STORE=eventstoredb (EVENTSTORE_URL). The settings are the variables' names, so a service
// passes its validated config (or process.env) as it is.
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { InvalidEventStoreRequest } from './errors.js';
import type { EventStoreLogger } from './event-store-logger.js';
import { migrate } from './postgres/migrate.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import type { UpcasterRegistry } from './upcasting.js';

export interface EventStoreSettings {
  /** `postgres` (default when unset) or `eventstoredb`. */
  readonly EVENT_STORE?: string;
  readonly DATABASE_URL?: string;
  readonly EVENTSTORE_URL?: string;
}

export interface CreateEventStoreOptions {
  readonly upcasters?: UpcasterRegistry;
  /** Recovered connection failures are reported here (default: stderr). */
  readonly logger?: EventStoreLogger;
  /** Connections of the PostgreSQL store's own pool (default 10). */
  readonly poolMax?: number;
  /** Apply the PostgreSQL event store's migrations before returning (default true). */
  readonly migrate?: boolean;
}

/** The configured adapter, ready to use; `close()` it on shutdown (it owns its pool or client). */
export async function createEventStore(
  settings: EventStoreSettings,
  options: CreateEventStoreOptions = {},
): Promise<PostgresEventStore | EventStoreDbEventStore> {
  const kind = settings.EVENT_STORE?.trim() || 'postgres';
  switch (kind) {
    case 'postgres':
      return await postgres(required(settings.DATABASE_URL, 'DATABASE_URL', kind), options);
    case 'eventstoredb':
      return eventStoreDb(required(settings.EVENTSTORE_URL, 'EVENTSTORE_URL', kind), options);
    default:
      throw new InvalidEventStoreRequest(
        `EVENT_STORE=${JSON.stringify(kind)} is not an event store: set EVENT_STORE to postgres (the default) or eventstoredb.`,
      );
  }
}

function required(value: string | undefined, name: string, kind: string): string {
  if (value?.trim()) return value.trim();
  const example =
    name === 'DATABASE_URL' ? 'postgres://user@127.0.0.1:5432/fraud' : 'esdb://127.0.0.1:2113?tls=false';
  throw new InvalidEventStoreRequest(
    `${name} is not set: the ${kind} event store (EVENT_STORE=${kind}) needs it, e.g. ${name}=${example}.`,
  );
}

async function postgres(url: string, options: CreateEventStoreOptions): Promise<PostgresEventStore> {
  const store = PostgresEventStore.connect(url, {
    upcasters: options.upcasters,
    logger: options.logger,
    max: options.poolMax,
  });
  if (options.migrate === false) return store;
  try {
    await migrate(store.pool);
    return store;
  } catch (error) {
    // The pool must not outlive a store nobody will hold; the migration error is the one to report.
    await store.close().catch(() => undefined);
    throw error;
  }
}

function eventStoreDb(url: string, options: CreateEventStoreOptions): EventStoreDbEventStore {
  try {
    return EventStoreDbEventStore.connect(url, { upcasters: options.upcasters });
  } catch (error) {
    throw new InvalidEventStoreRequest(
      `EVENTSTORE_URL ${JSON.stringify(url)} is not a usable connection string (${error instanceof Error ? error.message : String(error)}): use e.g. esdb://127.0.0.1:2113?tls=false.`,
      { cause: error },
    );
  }
}
