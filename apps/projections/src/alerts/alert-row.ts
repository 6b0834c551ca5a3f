// The pure part of the `alerts` projection: a fraud_alerts row folded from its alert stream, and
// one alert_timeline row per event (the audit trail: who did what, when, why).
import type { AlertEvent } from '#domain';
import type { RecordedEvent } from '#eventstore';
import { asDomainEvent, UnexpectedEvent } from '../projection/projection.js';

export interface AlertRow {
  readonly alert_id: string;
  readonly transaction_id: string;
  readonly customer_id: string;
  readonly merchant_id: string;
  readonly amount: number;
  readonly currency: string;
  readonly risk_score: number;
  readonly decision: 'REVIEW' | 'BLOCK';
  readonly reasons: readonly string[];
  readonly status: 'OPEN' | 'IN_REVIEW' | 'ESCALATED' | 'RESOLVED';
  readonly assignee: string | null;
  readonly disposition: string | null;
  readonly resolution_note: string | null;
  readonly resolved_by: string | null;
  readonly escalation_reason: string | null;
  readonly note_count: number;
  readonly opened_at: string;
  readonly claimed_at: string | null;
  readonly escalated_at: string | null;
  readonly resolved_at: string | null;
  readonly expected_loss: number;
  readonly version: number;
  readonly updated_at: string;
}

export interface TimelineRow {
  readonly alert_id: string;
  readonly version: number;
  readonly type: string;
  readonly actor_id: string;
  readonly actor_role: string;
  readonly at: string;
  readonly details: Record<string, unknown>;
  readonly event_id: string;
}

export const ALERT_EVENT_TYPES = [
  'AlertRaised',
  'AlertClaimed',
  'AlertUnassigned',
  'AlertNoteAdded',
  'AlertEscalated',
  'AlertResolved',
  'AlertReopened',
] as const;

export const alertKey = (event: RecordedEvent): string | undefined =>
  event.streamId.startsWith('alert-') ? event.streamId.slice('alert-'.length) : undefined;

/** Money at risk if the alert is fraud: what the queue sorts by (rounded like the column). */
export const expectedLoss = (riskScore: number, amount: number): number =>
  Math.round(riskScore * amount * 1e4) / 1e4;

export function evolveAlertRow(row: AlertRow | undefined, event: RecordedEvent): AlertRow {
  if (row !== undefined && event.streamVersion <= row.version) return row;
  const alertEvent = asDomainEvent<AlertEvent>(event);
  if (alertEvent.type === 'AlertRaised') {
    const data = alertEvent.data;
    return {
      alert_id: data.alertId,
      transaction_id: data.transactionId,
      customer_id: data.customerId,
      merchant_id: data.merchantId,
      amount: data.amount,
      currency: data.currency,
      risk_score: data.riskScore,
      decision: data.decision,
      reasons: data.reasons,
      status: 'OPEN',
      assignee: null,
      disposition: null,
      resolution_note: null,
      resolved_by: null,
      escalation_reason: null,
      note_count: 0,
      opened_at: data.raisedAt,
      claimed_at: null,
      escalated_at: null,
      resolved_at: null,
      expected_loss: expectedLoss(data.riskScore, data.amount),
      version: event.streamVersion,
      updated_at: event.recordedAt,
    };
  }
  if (row === undefined) {
    throw new UnexpectedEvent(
      `${event.type} on ${event.streamId} before its AlertRaised: the alert stream is incomplete`,
    );
  }
  const next = { ...row, version: event.streamVersion, updated_at: event.recordedAt };
  switch (alertEvent.type) {
    case 'AlertClaimed':
      return {
        ...next,
        status: 'IN_REVIEW',
        assignee: alertEvent.data.assignee,
        claimed_at: alertEvent.data.claimedAt,
      };
    case 'AlertUnassigned':
      return { ...next, status: 'OPEN', assignee: null, claimed_at: null };
    case 'AlertNoteAdded':
      return { ...next, note_count: row.note_count + 1 };
    case 'AlertEscalated':
      return {
        ...next,
        status: 'ESCALATED',
        escalation_reason: alertEvent.data.reason,
        escalated_at: alertEvent.data.at,
      };
    case 'AlertResolved':
      return {
        ...next,
        status: 'RESOLVED',
        disposition: alertEvent.data.disposition,
        resolution_note: alertEvent.data.note,
        resolved_by: alertEvent.data.by,
        resolved_at: alertEvent.data.resolvedAt,
      };
    case 'AlertReopened':
      return {
        ...next,
        status: 'OPEN',
        assignee: null,
        claimed_at: null,
        disposition: null,
        resolution_note: null,
        resolved_by: null,
        resolved_at: null,
      };
    default: {
      const unhandled: never = alertEvent;
      throw new UnexpectedEvent(`Unknown alert event ${(unhandled as { type: string }).type}`);
    }
  }
}

export function timelineRow(event: RecordedEvent): TimelineRow {
  const { actor, occurredAt } = event.metadata;
  const { alertId, ...details } = event.data as { alertId?: unknown } & Record<string, unknown>;
  return {
    alert_id: typeof alertId === 'string' ? alertId : event.streamId.slice('alert-'.length),
    version: event.streamVersion,
    type: event.type,
    actor_id: actor === 'system' ? 'system' : actor.id,
    actor_role: actor === 'system' ? 'system' : actor.role,
    at: occurredAt,
    details,
    event_id: event.eventId,
  };
}
