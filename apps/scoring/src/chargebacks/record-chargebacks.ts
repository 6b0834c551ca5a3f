// `chargebacks` -> ChargebackReported on `transaction-<transactionId>` (expected ANY, name-based event
// id from transaction and reportedAt, so a redelivery is recognised). A chargeback for a transaction
// scoring has not seen yet is recorded anyway: it creates the stream, the transaction is appended
// after it when it arrives (label before score), and projections join the two by transactionId.
import { type TransactionEvent, transactionStreamId } from '#domain';
import { ANY, type EventStore, type EventToAppend } from '#eventstore';
import type { BusBatch, TransactionBus } from '#messaging';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import { nameBasedUuid } from '../pipeline/event-ids.js';
import { decodeChargebacks } from '../pipeline/decode-batch.js';

export async function recordChargebacks(
  batch: BusBatch,
  dependencies: { store: EventStore; bus: TransactionBus; metrics?: ScoringMetrics },
): Promise<void> {
  const { store, bus, metrics } = dependencies;
  const { items, deadLetters } = decodeChargebacks(batch.messages);
  if (deadLetters.length > 0) {
    await bus.publishDeadLetters(deadLetters);
    metrics?.deadLetters.inc({ topic: batch.topic }, deadLetters.length);
  }
  const byStream = new Map<string, Map<string, EventToAppend>>();
  for (const { value } of items) {
    const event: TransactionEvent = {
      type: 'ChargebackReported',
      data: {
        transactionId: value.transactionId,
        customerId: value.customerId,
        reportedAt: value.reportedAt,
        reason: value.reason ?? null,
        amount: value.amount ?? null,
      },
    };
    const eventId = nameBasedUuid(`${value.transactionId}/ChargebackReported/${value.reportedAt}`);
    const streamId = transactionStreamId(value.transactionId);
    const events = byStream.get(streamId) ?? new Map<string, EventToAppend>();
    events.set(eventId, {
      eventId,
      type: event.type,
      data: event.data,
      metadata: { actor: 'system', occurredAt: value.reportedAt, correlationId: value.transactionId },
      schemaVersion: 1,
    });
    byStream.set(streamId, events);
  }
  if (byStream.size === 0) return;
  const requests = [...byStream].map(([streamId, events]) => ({
    streamId,
    events: [...events.values()],
    expected: ANY,
  }));
  const results = await store.appendMany(requests);
  // With ANY, a conflict means part of a multi-chargeback request was stored already (a redelivery
  // of a batch that grew): append those events one by one, each then appended or already present.
  for (const [index, result] of results.entries()) {
    if (result.outcome !== 'conflict') continue;
    for (const event of requests[index]!.events) await store.append(result.streamId, [event], ANY);
  }
  metrics?.chargebacks.inc(items.length);
}
