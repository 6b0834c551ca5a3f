// How a round of the pipeline becomes durable: transaction streams (and alerts) appended, and the
// customer state that folded those transactions saved. The state is saved with the streams or after
// them, never before: a state that has folded a transaction whose events were lost would score its
// redelivery from a history that already holds it.
// On PostgreSQL (the event store and the state table in one database, the default) both go in one
// transaction: one commit, so one WAL flush, where two separate writes cost two (at 1,000 tx/s the
// flushes are what the tail waits for: docs/BENCHMARKS.md, "Scoring"). Otherwise (EventStoreDB, the
// in-memory demo) the state is saved once the append is durable.
import { type AppendRequest, type AppendResult, type EventStore, PostgresEventStore } from '#eventstore';
import type { CustomerStateStore, CustomerStateWrite } from '../state/customer-state-store.js';
import { PostgresCustomerStateStore } from '../state/postgres-customer-state-store.js';

/** Results of `requests`, in order; resolves when the appends and the state writes are durable. */
export type DurableWrites = (
  requests: readonly AppendRequest[],
  states: readonly CustomerStateWrite[],
) => Promise<AppendResult[]>;

/** One transaction when both stores write through the same pool, else append then save. */
export function durableWritesFor(store: EventStore, stateStore: CustomerStateStore): DurableWrites {
  return store instanceof PostgresEventStore &&
    stateStore instanceof PostgresCustomerStateStore &&
    stateStore.pool === store.pool
    ? inOneTransaction(store, stateStore)
    : appendThenSave(store, stateStore);
}

export function appendThenSave(store: EventStore, stateStore: CustomerStateStore): DurableWrites {
  return async (requests, states) => {
    const results = await store.appendMany(requests);
    if (states.length > 0) await stateStore.save(states);
    return results;
  };
}

export function inOneTransaction(
  store: PostgresEventStore,
  stateStore: PostgresCustomerStateStore,
): DurableWrites {
  return (requests, states) =>
    states.length === 0
      ? store.appendMany(requests)
      : store.appendManyWith(requests, stateStore.saveStatement(states));
}
