// The pure part of the statistics (written by the `transactions` projection): what one transaction, in its current state,
// contributes to each counter. A batch moves each counter by (new contribution - old contribution),
// so a transaction that changes (blocked, then released; resolved, then reopened) is counted once,
// as it is now, and an event already reflected (same row) moves nothing.
// Money is carried in integer units of 1e-4 so sums do not depend on batch boundaries (floats would):
// a rebuild then equals the live tables to the last digit.
import type { TransactionRow } from '../transactions/transaction-row.js';

export const COUNTER_NAMES = [
  'transactions',
  'scored',
  'suspected',
  'blocked',
  'released',
  'chargebacks',
  'confirmed_fraud',
  'false_positives',
  'amount_total',
  'amount_suspected',
  'amount_blocked',
  'amount_fraud',
  'exposure',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export const HISTOGRAM_COUNTERS = ['transactions', 'confirmed_fraud', 'false_positives'] as const;
export const BIN_WIDTHS = [0.05, 0.01] as const;

export type Dimension = 'minute' | 'merchant' | 'country' | 'customer' | 'histogram';
const DIMENSIONS: readonly Dimension[] = ['minute', 'merchant', 'country', 'customer', 'histogram'];

export interface Contribution {
  /** Counters and the keys they go to, per dimension; histogram keys are `<width>:<bin>`. */
  readonly keys: Readonly<Record<Dimension, readonly string[]>>;
  readonly counters: Counters;
  readonly occurredAt: string | null;
}

export const toUnits = (amount: number): number => Math.round(amount * 1e4);

// A literal, not built from COUNTER_NAMES: this runs twice per event on the catch-up hot path.
export const zeroCounters = (): Counters => ({
  transactions: 0,
  scored: 0,
  suspected: 0,
  blocked: 0,
  released: 0,
  chargebacks: 0,
  confirmed_fraud: 0,
  false_positives: 0,
  amount_total: 0,
  amount_suspected: 0,
  amount_blocked: 0,
  amount_fraud: 0,
  exposure: 0,
});

/** `YYYY-MM-DDTHH:MM:SS[.fff]Z`: its minute is its first 16 characters (no Date needed). */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function minuteOf(instant: string): string {
  if (UTC_INSTANT.test(instant)) return `${instant.slice(0, 16)}:00.000Z`;
  const date = new Date(instant);
  date.setUTCSeconds(0, 0);
  return date.toISOString();
}

export function binOf(score: number, width: number): number {
  const bins = Math.round(1 / width);
  return Math.min(bins - 1, Math.max(0, Math.floor(score / width + 1e-9)));
}

const none: Contribution['keys'] = { minute: [], merchant: [], country: [], customer: [], histogram: [] };

export function contributionOf(row: TransactionRow | undefined): Contribution {
  // Counted from TransactionReceived on: a chargeback for a transaction never received has no
  // merchant, country or time to count under.
  if (row === undefined || row.amount === null || row.occurred_at === null) {
    return { keys: none, counters: zeroCounters(), occurredAt: null };
  }
  const amount = toUnits(row.amount);
  const suspected = row.decision === 'REVIEW' || row.decision === 'BLOCK';
  const blocked = row.status === 'blocked';
  const fraud = row.label === 'fraud';
  const counters: Counters = {
    transactions: 1,
    scored: row.decision === null ? 0 : 1,
    suspected: suspected ? 1 : 0,
    blocked: blocked ? 1 : 0,
    released: row.status === 'released' ? 1 : 0,
    chargebacks: row.chargeback ? 1 : 0,
    confirmed_fraud: fraud ? 1 : 0,
    false_positives: row.label === 'legit' ? 1 : 0,
    amount_total: amount,
    amount_suspected: suspected ? amount : 0,
    amount_blocked: blocked ? amount : 0,
    amount_fraud: fraud ? amount : 0,
    exposure: (suspected || fraud) && !blocked ? amount : 0,
  };
  const histogram =
    row.risk_score === null ? [] : BIN_WIDTHS.map((width) => `${width}:${binOf(row.risk_score ?? 0, width)}`);
  return {
    keys: {
      minute: [minuteOf(row.occurred_at)],
      merchant: row.merchant_id === null ? [] : [row.merchant_id],
      country: row.country === null ? [] : [row.country],
      customer: row.customer_id === null ? [] : [row.customer_id],
      histogram,
    },
    counters,
    occurredAt: row.occurred_at,
  };
}

/**
 * `target += sign * source`, counter by counter, written out: a loop over COUNTER_NAMES with
 * computed property names ran for every key of every contribution on the catch-up's hot path.
 */
function addInto(target: Counters, source: Counters, sign: 1 | -1): void {
  target.transactions += sign * source.transactions;
  target.scored += sign * source.scored;
  target.suspected += sign * source.suspected;
  target.blocked += sign * source.blocked;
  target.released += sign * source.released;
  target.chargebacks += sign * source.chargebacks;
  target.confirmed_fraud += sign * source.confirmed_fraud;
  target.false_positives += sign * source.false_positives;
  target.amount_total += sign * source.amount_total;
  target.amount_suspected += sign * source.amount_suspected;
  target.amount_blocked += sign * source.amount_blocked;
  target.amount_fraud += sign * source.amount_fraud;
  target.exposure += sign * source.exposure;
}

/** Per dimension and key: the summed counter deltas, and the latest occurredAt seen. */
export class CounterDeltas {
  readonly byDimension = new Map<Dimension, Map<string, { counters: Counters; lastSeen: string | null }>>();

  add(contribution: Contribution, sign: 1 | -1): void {
    if (contribution.occurredAt === null) return; // contributes nothing (no keys)
    for (const dimension of DIMENSIONS) {
      const keys = contribution.keys[dimension];
      if (keys.length === 0) continue;
      let entries = this.byDimension.get(dimension);
      if (!entries) {
        entries = new Map<string, { counters: Counters; lastSeen: string | null }>();
        this.byDimension.set(dimension, entries);
      }
      for (const key of keys) {
        let entry = entries.get(key);
        if (!entry) entries.set(key, (entry = { counters: zeroCounters(), lastSeen: null }));
        addInto(entry.counters, contribution.counters, sign);
        if (sign === 1 && contribution.occurredAt !== null)
          entry.lastSeen = latest(entry.lastSeen, contribution.occurredAt);
      }
    }
  }

  /** Moves from `before` to `after`: adds the new contribution, takes the old one away. */
  change(before: TransactionRow | undefined, after: TransactionRow): void {
    this.add(contributionOf(before), -1);
    this.add(contributionOf(after), 1);
  }

  /** Entries of a dimension that move something (all-zero deltas are dropped). */
  entries(dimension: Dimension): { key: string; counters: Counters; lastSeen: string | null }[] {
    return [
      ...(this.byDimension.get(dimension) ??
        new Map<string, { counters: Counters; lastSeen: string | null }>()),
    ]
      .map(([key, entry]) => ({ key, ...entry }))
      .filter((entry) => COUNTER_NAMES.some((name) => entry.counters[name] !== 0));
  }
}

function latest(a: string | null, b: string): string {
  if (a === null || a === b) return b;
  // Two instants in the evolve's own form (UTC, `Z`, same precision) order as strings; rows loaded
  // from PostgreSQL spell them `+00:00`, and those are compared as dates.
  if (a.length === b.length && UTC_INSTANT.test(a) && UTC_INSTANT.test(b)) return b > a ? b : a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
