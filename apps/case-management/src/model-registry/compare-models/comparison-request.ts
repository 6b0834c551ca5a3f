// The arguments of modelComparison, checked and defaulted (pure; `now` passed in): a window over
// scored_at, [from, to), by default the last 7 days, at most 92 days (a challenger is judged over
// weeks; a longer window reads a larger part of the table for no better answer); unit costs >= 0,
// by default those the console's threshold tuning starts from.
import { ApiError } from '../../graphql/api-error.js';
import type { UnitCosts } from '../../analytics/threshold-analysis.js';

const DAY_MS = 24 * 3600_000;
export const DEFAULT_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 92;
export const DEFAULT_COSTS: UnitCosts = { falsePositiveCost: 5, falseNegativeCost: 100 };

export interface ComparisonRequest {
  readonly from: Date;
  readonly to: Date;
  readonly costs: UnitCosts;
}

export interface ComparisonArgs {
  readonly from?: string | null;
  readonly to?: string | null;
  readonly falsePositiveCost?: number | null;
  readonly falseNegativeCost?: number | null;
}

function instant(name: string, value: string): Date {
  const date = new Date(value);
  if (value.trim() === '' || Number.isNaN(date.getTime())) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `${name} must be an ISO-8601 instant, e.g. 2026-11-25T10:00:00Z, got ${JSON.stringify(value.slice(0, 60))}`,
    );
  }
  return date;
}

function unitCost(name: string, value: number | null | undefined, fallback: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new ApiError('BAD_USER_INPUT', `${name} must be a number >= 0 (a cost per case), got ${value}`);
  }
  return value;
}

export function comparisonRequest(args: ComparisonArgs, now: Date): ComparisonRequest {
  const to = args.to ? instant('to', args.to) : now;
  const from = args.from ? instant('from', args.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `from (${from.toISOString()}) must be before to (${to.toISOString()}): the window is [from, to)`,
    );
  }
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (days > MAX_WINDOW_DAYS) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `the window from ${from.toISOString()} to ${to.toISOString()} is ${days.toFixed(1)} days; compare at most ${MAX_WINDOW_DAYS} days at a time`,
    );
  }
  return {
    from,
    to,
    costs: {
      falsePositiveCost: unitCost(
        'falsePositiveCost',
        args.falsePositiveCost,
        DEFAULT_COSTS.falsePositiveCost,
      ),
      falseNegativeCost: unitCost(
        'falseNegativeCost',
        args.falseNegativeCost,
        DEFAULT_COSTS.falseNegativeCost,
      ),
    },
  };
}
