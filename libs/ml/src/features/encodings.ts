// Category / country / merchant encodings: smoothed fraud log-odds learned from the training split
// (target encoding). A value seen fewer than `minCount` times, or never, gets the prior, so a new
// merchant is neither suspicious nor trusted. The tables travel in the model's metadata JSON and
// are applied by the same feature code at serving time.
import type { Transaction } from '#domain';

export interface EncodingTable {
  readonly [value: string]: number;
}

export interface FeatureEncodings {
  /** Log-odds of fraud over the whole training split: the value for anything not in a table. */
  readonly prior: number;
  readonly category: EncodingTable;
  readonly country: EncodingTable;
  readonly merchant: EncodingTable;
}

/** No learned tables: every encoding column holds 0 (what a model trained without them expects). */
export const NEUTRAL_ENCODINGS: FeatureEncodings = { prior: 0, category: {}, country: {}, merchant: {} };

export interface EncodingOptions {
  /** Pseudo-count pulling a value's rate towards the global rate. */
  readonly smoothing: number;
  /** Values seen fewer times are left out of the table (they get the prior). */
  readonly minCount: number;
}

const DEFAULT_OPTIONS: EncodingOptions = { smoothing: 50, minCount: 20 };

const logit = (p: number): number => Math.log(p / (1 - p));

export function fitEncodings(
  transactions: readonly Transaction[],
  isFraud: ArrayLike<number | boolean>,
  options: EncodingOptions = DEFAULT_OPTIONS,
): FeatureEncodings {
  if (transactions.length === 0) {
    throw new Error('Cannot fit encodings on an empty training split: give the trainer more data.');
  }
  let frauds = 0;
  for (let i = 0; i < transactions.length; i++) if (isFraud[i]) frauds++;
  // Clamp so that a split without any fraud still yields finite log-odds.
  const rate = Math.min(Math.max(frauds / transactions.length, 1e-4), 1 - 1e-4);
  const table = (key: (t: Transaction) => string): EncodingTable => {
    const counts = new Map<string, { n: number; fraud: number }>();
    for (let i = 0; i < transactions.length; i++) {
      const value = key(transactions[i]!);
      const entry = counts.get(value) ?? { n: 0, fraud: 0 };
      entry.n++;
      if (isFraud[i]) entry.fraud++;
      counts.set(value, entry);
    }
    const out: Record<string, number> = {};
    for (const [value, { n, fraud }] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (n < options.minCount) continue;
      const smoothed = (fraud + options.smoothing * rate) / (n + options.smoothing);
      out[value] = Math.fround(logit(smoothed));
    }
    return out;
  };
  return {
    prior: Math.fround(logit(rate)),
    category: table((t) => t.merchantCategory),
    country: table((t) => t.country),
    merchant: table((t) => t.merchantId),
  };
}
