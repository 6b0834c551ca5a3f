// Where per-customer feature state survives restarts, rebalances and cache evictions: one row per
// customer, written after the batch's events are durable and before its offset is committed, so it
// holds everything committed. Each row remembers the Kafka position of the last transaction folded
// into it; a writer holding an older position (a zombie after a rebalance) does not overwrite it.
import type { CustomerState } from '#ml';

export interface SourcePosition {
  readonly partition: number;
  /** Kafka offset, a decimal string. */
  readonly offset: string;
}

export interface CustomerStateWrite {
  readonly customerId: string;
  readonly state: CustomerState;
  readonly source: SourcePosition;
}

export interface CustomerStateStore {
  /** States of the customers that have one; absent customers have no history. One round trip. */
  load(customerIds: readonly string[]): Promise<Map<string, CustomerState>>;
  /** Idempotent; never moves a customer's row back to an older position of the same partition. */
  save(writes: readonly CustomerStateWrite[]): Promise<void>;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/** Should `incoming` replace what is stored at `stored`? */
export function isNewer(stored: SourcePosition, incoming: SourcePosition): boolean {
  return stored.partition !== incoming.partition || BigInt(incoming.offset) > BigInt(stored.offset);
}
