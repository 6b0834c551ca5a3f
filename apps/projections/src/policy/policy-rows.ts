// The pure part of the `policy` projection: the customer blocklist (`customer-<id>` streams) and
// the risk policy in force (`risk-policy` stream), each row carrying the stream version it reflects.
import type { CustomerEvent, RiskPolicyEvent } from '#domain';
import type { RecordedEvent } from '#eventstore';
import { asDomainEvent } from '../projection/projection.js';

export interface BlocklistRow {
  readonly customer_id: string;
  readonly blocked: boolean;
  readonly reason: string;
  readonly changed_by: string;
  readonly changed_at: string;
  readonly version: number;
}

export interface RiskPolicyTableRow {
  readonly id: 'current';
  readonly version: number;
  readonly review_threshold: number;
  readonly block_threshold: number;
  readonly reason: string;
  readonly changed_by: string;
  readonly changed_at: string;
}

export const policyKey = (event: RecordedEvent): string | undefined =>
  event.streamId === 'risk-policy'
    ? 'current'
    : event.streamId.startsWith('customer-')
      ? event.streamId.slice('customer-'.length)
      : undefined;

export function evolveBlocklistRow(
  row: BlocklistRow | undefined,
  event: RecordedEvent,
): BlocklistRow | undefined {
  if (row !== undefined && event.streamVersion <= row.version) return row;
  const customerEvent = asDomainEvent<CustomerEvent>(event);
  if (customerEvent.type !== 'CustomerBlocked' && customerEvent.type !== 'CustomerUnblocked') return row;
  const { customerId, reason, by, at } = customerEvent.data;
  return {
    customer_id: customerId,
    blocked: customerEvent.type === 'CustomerBlocked',
    reason,
    changed_by: by,
    changed_at: at,
    version: event.streamVersion,
  };
}

export function evolveRiskPolicyRow(
  row: RiskPolicyTableRow | undefined,
  event: RecordedEvent,
): RiskPolicyTableRow | undefined {
  if (row !== undefined && event.streamVersion <= row.version) return row;
  const policyEvent = asDomainEvent<RiskPolicyEvent>(event);
  if (policyEvent.type !== 'RiskThresholdsChanged') return row;
  const data = policyEvent.data;
  return {
    id: 'current',
    version: event.streamVersion,
    review_threshold: data.reviewThreshold,
    block_threshold: data.blockThreshold,
    reason: data.reason,
    changed_by: data.changedBy,
    changed_at: data.changedAt,
  };
}
