// What a service's /ready says about its event store: which adapter is in use and whether it
// answers, probed with the cheapest read every adapter has (the version of a stream nobody writes).
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import type { EventStore } from './event-store.port.js';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

/** Read by the probe; it never exists, so the read is an index lookup (PostgreSQL) or a not-found. */
export const READINESS_PROBE_STREAM = 'readiness-probe';

/** `postgres`, `eventstoredb`, `in-memory`, or the class name of another implementation. */
export function eventStoreAdapterName(store: EventStore): string {
  if (store instanceof PostgresEventStore) return 'postgres';
  if (store instanceof EventStoreDbEventStore) return 'eventstoredb';
  if (store instanceof InMemoryEventStore) return 'in-memory';
  return store.constructor.name;
}

/** A readiness check result: ok with the adapter's name, or not ok with the adapter and the error. */
export async function checkEventStore(store: EventStore): Promise<{ ok: boolean; detail: string }> {
  const adapter = eventStoreAdapterName(store);
  try {
    await store.streamVersion(READINESS_PROBE_STREAM);
    return { ok: true, detail: `${adapter}: reachable` };
  } catch (error) {
    return { ok: false, detail: `${adapter}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
