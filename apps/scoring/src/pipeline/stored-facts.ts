// Rebuilds a transaction's facts from what its stream already holds, for the rare redelivery whose
// fresh decision differs from the stored one (a threshold changed between the two attempts): the
// stored decision wins, and the alert and decision message derived from it are the same events
// (same name-based ids, same data) the first attempt produced.
import type { TransactionEvent } from '#domain';
import type { RecordedEvent } from '#eventstore';
import { type TransactionFacts, transactionFacts } from './transaction-facts.js';

type EventOf<T extends TransactionEvent['type']> = Extract<TransactionEvent, { type: T }>;

const find = <T extends TransactionEvent['type']>(events: readonly RecordedEvent[], type: T) =>
  events.find((event) => event.type === type) as unknown as EventOf<T> | undefined;

/** undefined when the stream holds no TransactionScored yet (e.g. a chargeback arrived first). */
export function storedFacts(events: readonly RecordedEvent[]): TransactionFacts | undefined {
  const received = find(events, 'TransactionReceived');
  const scored = find(events, 'TransactionScored');
  if (!received || !scored) return undefined;
  const { receivedAt, ...transaction } = received.data;
  const s = scored.data;
  return transactionFacts(
    {
      transaction: transaction,
      riskScore: s.riskScore,
      features: s.features,
      reasons: s.reasons,
    },
    {
      policy: {
        reviewThreshold: s.reviewThreshold,
        blockThreshold: s.blockThreshold,
        version: s.policyVersion,
        isBlocked: () => s.customerBlocked,
      },
      modelVersion: s.modelVersion,
      receivedAt,
      scoredAt: s.scoredAt,
    },
  );
}
