// A transaction stream that refused NO_STREAM already has a history. Either it was scored before
// (a redelivery whose fresh decision differs: the stored facts win, alert and decision included),
// or a chargeback created it before the transaction reached scoring (label before score): then the
// transaction is scored now, appended after what is there.
import type { EventStore } from '#eventstore';
import { storedFacts } from './stored-facts.js';
import type { TransactionFacts } from './transaction-facts.js';

export async function reconcileConflicts(
  store: EventStore,
  conflicts: readonly TransactionFacts[],
): Promise<TransactionFacts[]> {
  const settled: TransactionFacts[] = [];
  for (const fact of conflicts) {
    const streamId = fact.transactionStream.streamId;
    const events = await store.readStream(streamId);
    const stored = storedFacts(events);
    if (stored) {
      settled.push(stored);
      continue;
    }
    const version = events.at(-1)?.streamVersion ?? 0;
    // WrongExpectedVersion here means a concurrent writer: the batch is retried and reconciles again.
    await store.append(streamId, fact.transactionStream.events, version);
    settled.push(fact);
  }
  return settled;
}
