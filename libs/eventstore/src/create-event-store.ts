// One call that gives a service the event store its configuration names, so every app switches
// adapters the same way: EVENT_STORE=postgres (default; DATABASE_URL, migrated before use) or
// EVENT_STORE=eventstoredb (EVENTSTORE_URL). The settings are the variables' names, so a service
// passes its validated config (or process.env) as it is.
import type pg from 'pg';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { InvalidEventStoreRequest } from './errors.js';
import type { EventStore } from './event-store.port.js';
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

export type EventStoreKind = 'postgres' | 'eventstoredb';

export interface CreateEventStoreOptions {
  readonly upcasters?: UpcasterRegistry;
  /** Recovered connection failures are reported here (default: stderr). */
  readonly logger?: EventStoreLogger;
  /** Connections of the PostgreSQL store's own pool (default 10); unused with `pool`. */
  readonly poolMax?: number;
  /**
   * A pool the service already has for its other tables: the PostgreSQL store uses it instead of
   * opening its own (and does not end it on close). Ignored by the EventStoreDB store.
   */
  readonly pool?: pg.Pool;
  /** Apply the PostgreSQL event store's migrations before returning (default true). */
  readonly migrate?: boolean;
}

/** Which adapter the settings name; throws naming the fix when EVENT_STORE is not one. */
export function eventStoreKind(settings: EventStoreSettings): EventStoreKind {
  const kind = settings.EVENT_STORE?.trim() || 'postgres';
  if (kind === 'postgres' || kind === 'eventstoredb') return kind;
  throw new InvalidEventStoreRequest(
    `EVENT_STORE=${JSON.stringify(kind)} is not an event store: set EVENT_STORE to postgres (the default) or eventstoredb.`,
  );
}

/**
 * The configured adapter, not migrated and not yet connected (both clients connect lazily), for
 * wiring that cannot wait; run `migrateEventStore` before use. `close()` it on shutdown.
 */
export function connectEventStore(
  settings: EventStoreSettings,
  options: CreateEventStoreOptions = {},
): PostgresEventStore | EventStoreDbEventStore {
  const kind = eventStoreKind(settings);
  switch (kind) {
    case 'postgres':
      return options.pool
        ? new PostgresEventStore({ ...storeOptions(options), pool: options.pool, ownsPool: false })
        : PostgresEventStore.connect(required(settings.DATABASE_URL, 'DATABASE_URL', kind), {
            ...storeOptions(options),
            max: options.poolMax,
          });
    case 'eventstoredb':
      return eventStoreDb(required(settings.EVENTSTORE_URL, 'EVENTSTORE_URL', kind), options);
  }
}

/** The configured adapter, ready to use; `close()` it on shutdown (it owns its pool or client). */
export async function createEventStore(
  settings: EventStoreSettings,
  options: CreateEventStoreOptions = {},
): Promise<PostgresEventStore | EventStoreDbEventStore> {
  const store = connectEventStore(settings, options);
  if (options.migrate === false) return store;
  try {
    await migrateEventStore(store);
    return store;
  } catch (error) {
    // The pool must not outlive a store nobody will hold; the migration error is the one to report.
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** The store's own schema: the PostgreSQL tables (idempotent); EventStoreDB has none to apply. */
export async function migrateEventStore(store: EventStore): Promise<void> {
  if (store instanceof PostgresEventStore) await migrate(store.pool);
}

function required(value: string | undefined, name: string, kind: string): string {
  if (value?.trim()) return value.trim();
  const example =
    name === 'DATABASE_URL' ? 'postgres://user@127.0.0.1:5432/fraud' : 'esdb://127.0.0.1:2113?tls=false';
  throw new InvalidEventStoreRequest(
    `${name} is not set: the ${kind} event store (EVENT_STORE=${kind}) needs it, e.g. ${name}=${example}.`,
  );
}

const storeOptions = ({ upcasters, logger }: CreateEventStoreOptions) => ({ upcasters, logger });

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
