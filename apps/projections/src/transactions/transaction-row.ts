// The pure part of the `transactions` projection: one transactions_enriched row folded from its
// transaction stream and the disposition events of its alert (alertId = transactionId).
// A row remembers the version of each stream it reflects, so an event seen again changes nothing.
import type { AlertEvent, TransactionEvent } from '#domain';
import type { RecordedEvent } from '#eventstore';
import { asDomainEvent, UnexpectedEvent } from '../projection/projection.js';

export type TransactionStatusColumn = 'received' | 'approved' | 'in_review' | 'blocked' | 'released';

/** A transactions_enriched row as written (snake_case = column names; times as ISO strings). */
export interface TransactionRow {
  readonly transaction_id: string;
  readonly customer_id: string | null;
  readonly merchant_id: string | null;
  readonly merchant_category: string | null;
  readonly country: string | null;
  readonly amount: number | null;
  readonly currency: string | null;
  readonly channel: string | null;
  readonly device: string | null;
  readonly occurred_at: string | null;
  readonly received_at: string | null;
  readonly risk_score: number | null;
  readonly decision: 'APPROVE' | 'REVIEW' | 'BLOCK' | null;
  readonly model_version: string | null;
  readonly policy_version: number | null;
  readonly review_threshold: number | null;
  readonly block_threshold: number | null;
  readonly customer_blocked: boolean | null;
  readonly reasons: readonly unknown[];
  readonly scored_at: string | null;
  /** The challenger's opinion (TransactionShadowScored): what it scored and would have decided. */
  readonly shadow_model_version: string | null;
  readonly shadow_risk_score: number | null;
  readonly shadow_decision: 'APPROVE' | 'REVIEW' | 'BLOCK' | null;
  readonly status: TransactionStatusColumn;
  readonly status_changed_by: string | null;
  readonly status_reason: string | null;
  readonly alert_id: string | null;
  readonly chargeback: boolean;
  readonly chargeback_at: string | null;
  readonly disposition: string | null;
  readonly disposition_at: string | null;
  readonly label: 'fraud' | 'legit' | null;
  readonly stream_version: number;
  readonly alert_version: number;
  readonly updated_at: string;
}

export const TRANSACTION_EVENT_TYPES = [
  'TransactionReceived',
  'TransactionScored',
  'FraudSuspected',
  'TransactionBlocked',
  'TransactionReleased',
  'ChargebackReported',
] as const;
/**
 * The challenger's opinion: transactions_enriched records it in the shadow columns; the statistics
 * count what was decided and read none of those columns, so these events move no counter.
 */
export const SHADOW_EVENT_TYPES = ['TransactionShadowScored'] as const;
/** Alert events that change what a transaction row says (its disposition and label). */
export const DISPOSITION_EVENT_TYPES = ['AlertResolved', 'AlertReopened'] as const;

export function emptyTransactionRow(transactionId: string, at: string): TransactionRow {
  return {
    transaction_id: transactionId,
    customer_id: null,
    merchant_id: null,
    merchant_category: null,
    country: null,
    amount: null,
    currency: null,
    channel: null,
    device: null,
    occurred_at: null,
    received_at: null,
    risk_score: null,
    decision: null,
    model_version: null,
    policy_version: null,
    review_threshold: null,
    block_threshold: null,
    customer_blocked: null,
    reasons: [],
    scored_at: null,
    shadow_model_version: null,
    shadow_risk_score: null,
    shadow_decision: null,
    status: 'received',
    status_changed_by: null,
    status_reason: null,
    alert_id: null,
    chargeback: false,
    chargeback_at: null,
    disposition: null,
    disposition_at: null,
    label: null,
    stream_version: 0,
    alert_version: 0,
    updated_at: at,
  };
}

/** The transaction a row is about: the stream's id part, for both of the streams it follows. */
export function transactionKey(event: RecordedEvent): string | undefined {
  if (event.streamId.startsWith('transaction-')) return event.streamId.slice('transaction-'.length);
  if (event.streamId.startsWith('alert-')) return event.streamId.slice('alert-'.length);
  return undefined;
}

/** fraud when a chargeback or CONFIRMED_FRAUD says so; legit for FALSE_POSITIVE without chargeback. */
export function labelOf(chargeback: boolean, disposition: string | null): 'fraud' | 'legit' | null {
  if (chargeback || disposition === 'CONFIRMED_FRAUD') return 'fraud';
  return disposition === 'FALSE_POSITIVE' ? 'legit' : null;
}

/** status_reason of a transaction approved because its alert was resolved as a false positive. */
export const REVIEW_CLOSED = 'review closed as FALSE_POSITIVE: ';

const statusOfDecision = { APPROVE: 'approved', REVIEW: 'in_review', BLOCK: 'blocked' } as const;

type Changes = { -readonly [Column in keyof TransactionRow]?: TransactionRow[Column] };

/**
 * A copy of `row` as one object literal of a fixed shape (one allocation of ~300 bytes). A spread
 * (`{ ...row, ...changes }`) over rows of several shapes (made here, parsed from JSON when loaded)
 * takes V8's generic path, which adds the 35 properties one by one and regrows the object's
 * property store as it goes: ~2.6 KB allocated per event folded, the largest share of what the
 * projections allocate in a catch-up (docs/BENCHMARKS.md, "Projections", seventh session).
 */
function copyRow(row: TransactionRow): Changes {
  return {
    transaction_id: row.transaction_id,
    customer_id: row.customer_id,
    merchant_id: row.merchant_id,
    merchant_category: row.merchant_category,
    country: row.country,
    amount: row.amount,
    currency: row.currency,
    channel: row.channel,
    device: row.device,
    occurred_at: row.occurred_at,
    received_at: row.received_at,
    risk_score: row.risk_score,
    decision: row.decision,
    model_version: row.model_version,
    policy_version: row.policy_version,
    review_threshold: row.review_threshold,
    block_threshold: row.block_threshold,
    customer_blocked: row.customer_blocked,
    reasons: row.reasons,
    scored_at: row.scored_at,
    shadow_model_version: row.shadow_model_version,
    shadow_risk_score: row.shadow_risk_score,
    shadow_decision: row.shadow_decision,
    status: row.status,
    status_changed_by: row.status_changed_by,
    status_reason: row.status_reason,
    alert_id: row.alert_id,
    chargeback: row.chargeback,
    chargeback_at: row.chargeback_at,
    disposition: row.disposition,
    disposition_at: row.disposition_at,
    label: row.label,
    stream_version: row.stream_version,
    alert_version: row.alert_version,
    updated_at: row.updated_at,
  } satisfies TransactionRow;
}

/** `row` with `changes` at `version`: a new row (`label` recomputed when `relabel`). */
function changedRow(
  row: TransactionRow,
  version: Changes,
  changes: Changes,
  relabel = false,
): TransactionRow {
  const next = Object.assign(copyRow(row), version, changes);
  if (relabel) next.label = labelOf(next.chargeback ?? false, next.disposition ?? null);
  return next as TransactionRow;
}

export function evolveTransactionRow(
  current: TransactionRow | undefined,
  event: RecordedEvent,
): TransactionRow {
  const key = transactionKey(event);
  if (key === undefined)
    throw new UnexpectedEvent(`${event.type} on ${event.streamId} is not a transaction's`);
  const row = current ?? emptyTransactionRow(key, event.recordedAt);
  if (event.streamId.startsWith('alert-')) {
    if (event.streamVersion <= row.alert_version) return row;
    const alertEvent = asDomainEvent<AlertEvent>(event);
    const version = { alert_version: event.streamVersion, updated_at: event.recordedAt };
    switch (alertEvent.type) {
      case 'AlertResolved': {
        const resolved = {
          disposition: alertEvent.data.disposition,
          disposition_at: alertEvent.data.resolvedAt,
        };
        // A false positive ends the review of a transaction that was let through for review: it is
        // approved. Blocked or released transactions keep the status their own facts gave them, and
        // a confirmed fraud changes the payment only through a TransactionBlocked.
        if (alertEvent.data.disposition === 'FALSE_POSITIVE' && row.status === 'in_review') {
          const approved = {
            ...resolved,
            status: 'approved' as const,
            status_changed_by: alertEvent.data.by,
            status_reason: `${REVIEW_CLOSED}${alertEvent.data.note}`,
          };
          return changedRow(row, version, approved, true);
        }
        return changedRow(row, version, resolved, true);
      }
      case 'AlertReopened': {
        const reopened = { disposition: null, disposition_at: null };
        // Only an approval the resolution made is undone: the review is open again.
        if (row.status === 'approved' && row.status_reason?.startsWith(REVIEW_CLOSED)) {
          const inReview = {
            ...reopened,
            status: 'in_review' as const,
            status_changed_by: alertEvent.data.by,
            status_reason: `reopened: ${alertEvent.data.reason}`,
          };
          return changedRow(row, version, inReview, true);
        }
        return changedRow(row, version, reopened, true);
      }
      case 'AlertRaised':
      case 'AlertClaimed':
      case 'AlertUnassigned':
      case 'AlertNoteAdded':
      case 'AlertEscalated':
        return changedRow(row, version, {}); // they say nothing about the transaction
      default: {
        const unhandled: never = alertEvent;
        throw new UnexpectedEvent(`Unknown alert event ${(unhandled as { type: string }).type}`);
      }
    }
  }
  if (event.streamVersion <= row.stream_version) return row;
  const version = { stream_version: event.streamVersion, updated_at: event.recordedAt };
  const transactionEvent = asDomainEvent<TransactionEvent>(event);
  switch (transactionEvent.type) {
    case 'TransactionReceived': {
      const data = transactionEvent.data;
      return changedRow(row, version, {
        customer_id: data.customerId,
        merchant_id: data.merchantId,
        merchant_category: data.merchantCategory,
        country: data.country,
        amount: data.amount,
        currency: data.currency,
        channel: data.channel ?? null,
        device: data.device ?? null,
        occurred_at: data.occurredAt,
        received_at: data.receivedAt,
      });
    }
    case 'TransactionScored': {
      const data = transactionEvent.data;
      // A hand-made block or release that came first stays: the analyst's word is the later fact.
      const status = row.status === 'received' ? statusOfDecision[data.decision] : row.status;
      return changedRow(row, version, {
        customer_id: row.customer_id ?? data.customerId,
        risk_score: data.riskScore,
        decision: data.decision,
        model_version: data.modelVersion,
        policy_version: data.policyVersion,
        review_threshold: data.reviewThreshold,
        block_threshold: data.blockThreshold,
        customer_blocked: data.customerBlocked,
        reasons: data.reasons,
        scored_at: data.scoredAt,
        status,
      });
    }
    case 'FraudSuspected':
      return changedRow(row, version, { alert_id: transactionEvent.data.alertId });
    case 'TransactionShadowScored': {
      // Recorded beside the champion's, for the comparison; the status and decision stay the champion's.
      const data = transactionEvent.data;
      return changedRow(row, version, {
        customer_id: row.customer_id ?? data.customerId,
        shadow_model_version: data.modelVersion,
        shadow_risk_score: data.riskScore,
        shadow_decision: data.decision,
      });
    }
    case 'TransactionBlocked':
    case 'TransactionReleased':
      return changedRow(row, version, {
        status: transactionEvent.type === 'TransactionBlocked' ? 'blocked' : 'released',
        status_changed_by: transactionEvent.data.by,
        status_reason: transactionEvent.data.reason,
      });
    case 'ChargebackReported':
      return changedRow(
        row,
        version,
        {
          customer_id: row.customer_id ?? transactionEvent.data.customerId,
          chargeback: true,
          chargeback_at: row.chargeback_at ?? transactionEvent.data.reportedAt,
        },
        true,
      );
    default: {
      const unhandled: never = transactionEvent;
      throw new UnexpectedEvent(`Unknown transaction event ${(unhandled as { type: string }).type}`);
    }
  }
}
