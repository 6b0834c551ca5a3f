// Command line and environment of `npm run backtest`, checked before anything is read: every bad
// value stops the run with a message naming it and what would be accepted.
import { parseArgs } from 'node:util';
import { type RiskThresholds, validateThresholds } from '#domain';
import type { Costs } from '../evaluation/metrics.js';
import { DEFAULT_COSTS } from '../evaluation/metrics.js';

export const BACKTEST_USAGE = `Usage: npm run backtest -- --model FILE [options]
  --model FILE       candidate model (.onnx with its .json beside it)
  --review T         candidate review threshold (default: the model's suggested one)
  --block T          candidate block threshold (default: the model's suggested one)
  --from ISO         first occurredAt replayed, inclusive (earlier transactions only warm the features)
  --to ISO           end of the window, exclusive
  --fp-cost X        cost of a false positive (default ${DEFAULT_COSTS.falsePositive})
  --fn-cost X        cost of a false negative (default ${DEFAULT_COSTS.falseNegative})
  --out FILE         where the JSON report goes (default backtest-report.json; "-" prints it instead of the table)
  --changes N        changed decisions listed in the table (default 20; the JSON has all)
  --help
Environment: EVENT_STORE (postgres | eventstoredb), DATABASE_URL, EVENTSTORE_URL. Reads only.`;

export type StoreChoice =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'eventstoredb'; readonly url: string };

export interface BacktestCommand {
  readonly help: boolean;
  readonly modelPath: string;
  readonly review?: number;
  readonly block?: number;
  readonly from?: number;
  readonly to?: number;
  readonly costs: Costs;
  readonly out: string;
  readonly changes: number;
  readonly store: StoreChoice;
}

export class BacktestUsageError extends Error {
  override readonly name = 'BacktestUsageError';
  readonly retriable = false;
}

const bad = (message: string): never => {
  throw new BacktestUsageError(message);
};

function number(flag: string, value: string | undefined, check: (n: number) => boolean, what: string) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    bad(`${flag} must be ${what}, got "${value}".`);
  return n;
}

function instant(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at))
    bad(`${flag} must be an ISO 8601 instant such as 2025-01-31T00:00:00Z, got "${value}".`);
  return at;
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string' },
        review: { type: 'string' },
        block: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'fp-cost': { type: 'string' },
        'fn-cost': { type: 'string' },
        out: { type: 'string', default: 'backtest-report.json' },
        changes: { type: 'string', default: '20' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    return bad(`${(error as Error).message} (npm run backtest -- --help lists the options)`);
  }
}

export function parseBacktestCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): BacktestCommand {
  const { values } = parseCommandLine(argv);
  const help = values.help;
  const modelPath =
    values.model ??
    (help ? '' : bad('--model FILE is required: the candidate .onnx to replay the log through.'));
  const inUnit = (n: number) => n >= 0 && n <= 1;
  const review = number('--review', values.review, inUnit, 'a number in [0, 1]');
  const block = number('--block', values.block, inUnit, 'a number in [0, 1]');
  if (review !== undefined && block !== undefined) {
    try {
      validateThresholds({ reviewThreshold: review, blockThreshold: block });
    } catch (error) {
      bad(`--review / --block: ${(error as Error).message}.`);
    }
  }
  const from = instant('--from', values.from);
  const to = instant('--to', values.to);
  if (from !== undefined && to !== undefined && from >= to)
    bad(`--from (${values.from}) must be before --to (${values.to}).`);
  const costs = {
    falsePositive:
      number('--fp-cost', values['fp-cost'], (n) => n >= 0, 'a non-negative number') ??
      DEFAULT_COSTS.falsePositive,
    falseNegative:
      number('--fn-cost', values['fn-cost'], (n) => n >= 0, 'a non-negative number') ??
      DEFAULT_COSTS.falseNegative,
  };
  const changes = number(
    '--changes',
    values.changes,
    (n) => Number.isInteger(n) && n >= 0,
    'a whole number >= 0',
  )!;
  return {
    help,
    modelPath,
    review,
    block,
    from,
    to,
    costs,
    out: values.out,
    changes,
    store: help ? { kind: 'postgres', url: '' } : storeFrom(env),
  };
}

function storeFrom(env: Record<string, string | undefined>): StoreChoice {
  const kind = env.EVENT_STORE ?? 'postgres';
  if (kind === 'eventstoredb') {
    const url = env.EVENTSTORE_URL;
    if (!url || !/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//.test(url)) {
      return bad(
        `EVENTSTORE_URL must be an esdb:// or kurrentdb:// connection string when EVENT_STORE=eventstoredb, got "${url ?? ''}".`,
      );
    }
    return { kind, url };
  }
  if (kind !== 'postgres')
    return bad(`EVENT_STORE must be "postgres" (default) or "eventstoredb", got "${kind}".`);
  const url = env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    return bad(
      `DATABASE_URL must be the event store's PostgreSQL connection string (postgres://user@host:5432/db), got "${url ?? ''}".`,
    );
  }
  return { kind, url };
}

/** The candidate thresholds: both flags, one flag with the model's other value, or the model's. */
export function candidateThresholds(
  command: BacktestCommand,
  suggested: { review: number; block: number },
): RiskThresholds {
  const thresholds = {
    reviewThreshold: command.review ?? suggested.review,
    blockThreshold: command.block ?? suggested.block,
  };
  try {
    validateThresholds(thresholds);
  } catch (error) {
    bad(
      `Candidate thresholds (--review / --block with the model's suggested ${suggested.review} / ${suggested.block}): ${(error as Error).message}.`,
    );
  }
  return thresholds;
}
