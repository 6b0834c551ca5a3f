// Per-customer state the behavioural features need, kept bounded: the last 24 h of transactions
// (capped) plus compact summaries of older history (usual amount, recently seen countries, merchants,
// devices). Plain data, so a store can serialise it; the scoring service rebuilds it after a restart
// by replaying the customer's recent transactions (`replayTransactions`).
import { WINDOWS } from './feature-spec.js';

export interface CustomerState {
  /** Epoch ms of the transactions in the last 24 h, in arrival order (parallel arrays). */
  readonly recentTimes: number[];
  readonly recentAmounts: number[];
  readonly recentCountries: string[];
  readonly recentIds: string[];
  /** Newest event time seen: the 24 h window is trimmed against it. */
  latestTime: number;
  /** Earlier transactions seen in total. */
  count: number;
  /** Exponential moving average of ln(amount): the customer's "usual" amount, in log space. */
  usualAmountLog: number;
  previousTime: number;
  previousCountry: string;
  /** Most recently used first-seen values, oldest first, capped (see WINDOWS). */
  readonly countries: string[];
  readonly merchants: string[];
  readonly devices: string[];
}

export const emptyCustomerState = (): CustomerState => ({
  recentTimes: [],
  recentAmounts: [],
  recentCountries: [],
  recentIds: [],
  latestTime: Number.NEGATIVE_INFINITY,
  count: 0,
  usualAmountLog: 0,
  previousTime: Number.NaN,
  previousCountry: '',
  countries: [],
  merchants: [],
  devices: [],
});

/** Where per-customer state lives. The scoring service may back it with anything; reads are hot. */
export interface FeatureState {
  get(customerId: string): CustomerState | undefined;
  set(customerId: string, state: CustomerState): void;
  readonly size: number;
}

/**
 * Map-backed state bounded to about `maxCustomers`, evicting customers not seen for a long time
 * (two-generation LRU: a customer seen in neither of the last two generations is dropped), with no
 * per-transaction reordering cost. An evicted customer simply starts again from no history.
 */
export class InMemoryFeatureState implements FeatureState {
  private young = new Map<string, CustomerState>();
  private old = new Map<string, CustomerState>();
  private readonly generation: number;

  constructor(maxCustomers = 1_000_000) {
    if (!Number.isInteger(maxCustomers) || maxCustomers < 1) {
      throw new Error(`maxCustomers must be a positive integer, got ${maxCustomers}.`);
    }
    this.generation = Math.max(1, Math.floor(maxCustomers / 2));
  }

  get size(): number {
    let size = this.young.size;
    for (const id of this.old.keys()) if (!this.young.has(id)) size++;
    return size;
  }

  get(customerId: string): CustomerState | undefined {
    return this.young.get(customerId) ?? this.old.get(customerId);
  }

  set(customerId: string, state: CustomerState): void {
    this.young.set(customerId, state);
    if (this.young.size > this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}

/** Moves `value` to the young end of a capped most-recently-used list; returns whether it was new. */
export function touchRecent(list: string[], value: string, cap: number): boolean {
  const at = list.lastIndexOf(value);
  if (at === list.length - 1) return false;
  if (at >= 0) list.splice(at, 1);
  list.push(value);
  if (list.length > cap) list.shift();
  return at < 0;
}

/** Drops window entries older than 24 h before `now`, and beyond the cap. */
export function trimWindow(state: CustomerState, now: number): void {
  const cutoff = now - WINDOWS.dayMs;
  let drop = 0;
  while (drop < state.recentTimes.length && state.recentTimes[drop]! <= cutoff) drop++;
  drop = Math.max(drop, state.recentTimes.length - WINDOWS.maxRecent);
  if (drop > 0) {
    state.recentTimes.splice(0, drop);
    state.recentAmounts.splice(0, drop);
    state.recentCountries.splice(0, drop);
    state.recentIds.splice(0, drop);
  }
}
