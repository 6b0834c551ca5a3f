// An alert's timeline as analysts read it: the steps on its own stream (raise, claim, notes, ...)
// merged, in time order, with what happened to its transaction (blocked by scoring or an analyst,
// released, charged back), since "who blocked the payment, when" is part of the review.
import type { TimelineEntryView } from './alert-view.js';

interface TransactionEnvelope {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: {
    readonly actor?: { readonly id: string; readonly role: string } | 'system';
    readonly occurredAt: string;
  };
}

const TRANSACTION_STEPS = new Set(['TransactionBlocked', 'TransactionReleased', 'ChargebackReported']);

/** The transaction's steps that belong on the alert's timeline, each with its stream version. */
export function transactionSteps(
  streamId: string,
  events: readonly TransactionEnvelope[],
): TimelineEntryView[] {
  return events.flatMap((event, index): TimelineEntryView[] => {
    if (!TRANSACTION_STEPS.has(event.type)) return [];
    const actor = event.metadata.actor ?? 'system';
    const reason = event.data.reason;
    return [
      {
        stream: streamId,
        version: index + 1,
        type: event.type,
        at: event.metadata.occurredAt,
        actorId: actor === 'system' ? 'system' : actor.id,
        actorRole: actor === 'system' ? 'system' : actor.role,
        detail: typeof reason === 'string' ? reason : null,
      },
    ];
  });
}

/** Both lists in time order; steps at the same instant keep alert-stream-first order. */
export function mergeTimelines(
  alertSteps: readonly TimelineEntryView[],
  otherSteps: readonly TimelineEntryView[],
): TimelineEntryView[] {
  return [...alertSteps, ...otherSteps].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
