// Bounded, self-checking cache of per-customer feature state in front of the CustomerStateStore.
// An entry is trusted only while this instance has processed its partition without a break: a
// partition that comes back after a rebalance (its next offset is not the one we expect) or whose
// batch failed is "re-epoched", which invalidates all its entries at once; they are then recovered
// from the store (one query per batch for all missing customers), never reset to empty. The bus also
// says when the group reassigns partitions (`assign`): one that is new to this instance is re-epoched
// at once, and the entries of one it lost are dropped (they would only take room).
// Entries are kept as their JSON text (what PostgreSQL stores): a customer's state as objects and
// arrays takes ~1.1 KB of heap, as one string ~0.35 KB, so 200,000 cached customers fit in ~80 MB
// instead of ~230 MB. Decoding a hit costs a few microseconds.
import { type CustomerState, emptyCustomerState, type FeatureState } from '#ml';
import {
  decodeCustomerState,
  encodeCustomerState,
  type StoredCustomerState,
} from './customer-state-codec.js';
import type { CustomerStateStore } from './customer-state-store.js';

interface Entry {
  /** JSON of encodeCustomerState(state). */
  readonly encoded: string;
  readonly partition: number;
  readonly epoch: number;
}

export class CustomerStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly epochs = new Map<number, number>();
  /** Offset this instance expects next per partition (after its last successful batch). */
  private readonly nextOffsets = new Map<number, bigint>();
  private recovered = 0;
  private owned = new Set<number>();

  constructor(
    private readonly store: CustomerStateStore,
    private readonly maxCustomers: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Customers loaded from the store since start (for metrics and tests). */
  get recoveredCount(): number {
    return this.recovered;
  }

  /**
   * Called when a partition's batch is taken on: a gap or a step back means someone else had the
   * partition, or our previous attempt failed; the cache for it cannot be trusted. The next batch
   * may start before this one ends (scoring pipelines them): it is expected to follow this one, and
   * if this one fails the partition is invalidated anyway.
   */
  beginBatch(partition: number, firstOffset: string, lastOffset: string): void {
    const expected = this.nextOffsets.get(partition);
    if (expected === undefined || expected !== BigInt(firstOffset)) this.invalidate(partition);
    this.nextOffsets.set(partition, BigInt(lastOffset) + 1n);
  }

  /** What `remember` must be given: entries of an older epoch are never kept. */
  epochOf(partition: number): number {
    return this.epochs.get(partition) ?? 0;
  }

  /** The group's new assignment of `transactions` partitions to this instance. */
  assign(partitions: readonly number[]): void {
    const next = new Set(partitions);
    for (const partition of next) if (!this.owned.has(partition)) this.invalidate(partition);
    const lost = new Set([...this.owned].filter((partition) => !next.has(partition)));
    if (lost.size > 0) {
      for (const partition of lost) this.invalidate(partition);
      for (const [id, entry] of this.entries) if (lost.has(entry.partition)) this.entries.delete(id);
    }
    this.owned = next;
  }

  /** The batch failed: whatever it folded into the cache is not durable. */
  invalidate(partition: number): void {
    this.epochs.set(partition, (this.epochs.get(partition) ?? 0) + 1);
    this.nextOffsets.delete(partition);
  }

  /**
   * The batch's view of feature state: cached entries still valid for `partition`, the rest loaded
   * from the store in one round trip (customers never seen get an empty state: no history).
   */
  async stateFor(
    partition: number,
    customerIds: Iterable<string>,
    /** Awaited before loading the missing ones (scoring waits there for their unsaved states). */
    beforeLoad?: (missing: readonly string[]) => Promise<unknown>,
  ): Promise<FeatureState> {
    const epoch = this.epochOf(partition);
    const view = new Map<string, CustomerState>();
    const missing: string[] = [];
    for (const id of new Set(customerIds)) {
      const entry = this.entries.get(id);
      if (entry && entry.partition === partition && entry.epoch === epoch)
        view.set(id, decodeCustomerState(JSON.parse(entry.encoded) as StoredCustomerState));
      else missing.push(id);
    }
    if (missing.length > 0) {
      await beforeLoad?.(missing);
      const loaded = await this.store.load(missing);
      this.recovered += loaded.size;
      for (const id of missing) view.set(id, loaded.get(id) ?? emptyCustomerState());
    }
    return {
      get: (id) => view.get(id),
      set: (id, state) => void view.set(id, state),
      get size() {
        return view.size;
      },
    };
  }

  /**
   * Keeps a slice's states as the newest entries, evicting the least recent. Called as soon as the
   * slice is scored (the next slice of the partition builds on them) with the epoch its state was
   * read in: if the partition was invalidated meanwhile (this slice or an earlier one failed), the
   * states may include what will never be durable and are not kept.
   */
  remember(partition: number, epoch: number, states: Iterable<readonly [string, CustomerState]>): void {
    if (epoch !== this.epochOf(partition)) return;
    for (const [id, state] of states) {
      this.entries.delete(id);
      this.entries.set(id, { encoded: JSON.stringify(encodeCustomerState(state)), partition, epoch });
    }
    let excess = this.entries.size - this.maxCustomers;
    for (const id of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(id);
    }
  }
}
