// What the API shows of one alert, folded straight from its events (with their metadata): the state
// a mutation returns right after appending (read-your-own-writes), never a read row that may lag.
import {
  alertStreamId,
  type AlertEvent,
  type AlertState,
  type AlertStatus,
  type Disposition,
  evolveAlert,
  initialAlertState,
} from '#domain';

/** An event as stored or just appended: the parts the view needs. */
export interface AlertEventEnvelope {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: {
    readonly actor: { readonly id: string; readonly role: string } | 'system';
    readonly occurredAt: string;
  };
}

export interface TimelineEntryView {
  /** `alert-<id>`, or `transaction-<id>` for what happened to the alert's transaction. */
  readonly stream: string;
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly detail: string | null;
}

export interface AlertNoteView {
  readonly author: string;
  readonly note: string;
  readonly at: string;
}

export interface AlertView {
  readonly alertId: string;
  readonly status: AlertStatus;
  readonly transactionId: string;
  readonly customerId: string;
  readonly merchantId: string;
  readonly riskScore: number;
  readonly decision: 'REVIEW' | 'BLOCK';
  readonly amount: number;
  readonly currency: string;
  readonly reasons: readonly string[];
  readonly raisedAt: string;
  readonly assignee: string | null;
  readonly disposition: Disposition | null;
  readonly version: number;
  readonly updatedAt: string;
  readonly timeline: readonly TimelineEntryView[];
  readonly notes: readonly AlertNoteView[];
}

function detailOf(event: AlertEvent): string | null {
  switch (event.type) {
    case 'AlertRaised':
      return `risk score ${event.data.riskScore.toFixed(3)}, decision ${event.data.decision}`;
    case 'AlertClaimed':
      return `claimed by ${event.data.assignee}`;
    case 'AlertUnassigned':
      return `${event.data.previousAssignee} unassigned`;
    case 'AlertNoteAdded':
      return event.data.note;
    case 'AlertEscalated':
    case 'AlertReopened':
      return event.data.reason;
    case 'AlertResolved':
      return `${event.data.disposition}: ${event.data.note}`;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** The alert's state for the decider, from stored events. */
export const alertStateOf = (events: readonly AlertEventEnvelope[]): AlertState =>
  events.reduce((state, event) => evolveAlert(state, event as unknown as AlertEvent), initialAlertState);

/** `undefined` when the stream holds no AlertRaised (no such alert). */
export function alertViewOf(events: readonly AlertEventEnvelope[]): AlertView | undefined {
  const raised = events.find((event) => event.type === 'AlertRaised') as
    (AlertEventEnvelope & Extract<AlertEvent, { type: 'AlertRaised' }>) | undefined;
  if (!raised) return undefined;
  const state = alertStateOf(events);
  if (state.status === 'NONE') return undefined;
  const { data } = raised;
  const timeline = events.map((envelope, index): TimelineEntryView => {
    const event = envelope as unknown as AlertEvent;
    const actor = envelope.metadata.actor;
    return {
      stream: alertStreamId(data.alertId),
      version: index + 1,
      type: event.type,
      at: envelope.metadata.occurredAt,
      actorId: actor === 'system' ? 'system' : actor.id,
      actorRole: actor === 'system' ? 'system' : actor.role,
      detail: detailOf(event),
    };
  });
  const notes = events
    .map((envelope) => envelope as unknown as AlertEvent)
    .flatMap((event) =>
      event.type === 'AlertNoteAdded'
        ? [{ author: event.data.author, note: event.data.note, at: event.data.at }]
        : [],
    );
  return {
    alertId: data.alertId,
    status: state.status,
    transactionId: data.transactionId,
    customerId: data.customerId,
    merchantId: data.merchantId,
    riskScore: data.riskScore,
    decision: data.decision,
    amount: data.amount,
    currency: data.currency,
    reasons: data.reasons,
    raisedAt: data.raisedAt,
    assignee: state.assignee,
    disposition: state.disposition,
    version: events.length,
    updatedAt: timeline.at(-1)?.at ?? data.raisedAt,
    timeline,
    notes,
  };
}
