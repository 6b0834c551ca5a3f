// Options of `npm run simulate`, parsed and checked: a bad one stops the CLI naming it and the fix.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run simulate -- [options]
  --rate N             transactions per second (default 100)
  --duration S         seconds to run (default: until Ctrl-C; with --out: required unless --count)
  --count N            stop after N transactions
  --seed N             seed of the population and events (default: random, printed)
  --target T           http://host:port (ingest, default http://127.0.0.1:3001) | kafka | memory
  --brokers LIST       Kafka brokers for --target kafka (default: KAFKA_BROKERS)
  --labels FILE        write ground truth as JSONL (never sent on the bus)
  --out FILE           write a labelled dataset as JSONL ({ transaction, label }) as fast as possible
  --fraud-share X      share of fraudulent transactions (default 0.01)
  --chargeback-share X share of frauds reported as chargebacks (default 0.6)
  --batch N            transactions per request or Kafka send (default 500, at most 1000)
  --customers N, --merchants N   population size (default 10000 / 1000)
  --start ISO          simulated start time (default: now)`;

export interface CliOptions {
  readonly rate: number;
  readonly duration: number | undefined;
  readonly count: number | undefined;
  readonly seed: number;
  readonly target:
    | { kind: 'http'; url: string }
    | { kind: 'kafka'; brokers: string[] }
    | { kind: 'memory' }
    | { kind: 'none' };
  readonly labels: string | undefined;
  readonly out: string | undefined;
  readonly fraudShare: number;
  readonly chargebackShare: number;
  readonly batch: number;
  readonly customers: number;
  readonly merchants: number;
  readonly start: Date;
}

export class CliError extends Error {}

export function parseCliOptions(
  argv: string[],
  env: Record<string, string | undefined>,
  randomSeed: number,
): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: Object.fromEntries(
      [
        'rate',
        'duration',
        'count',
        'seed',
        'target',
        'brokers',
        'labels',
        'out',
        'fraud-share',
        'chargeback-share',
        'batch',
        'customers',
        'merchants',
        'start',
      ].map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const number = (
    name: string,
    fallback: number | undefined,
    check: (value: number) => boolean,
    rule: string,
  ) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || !check(value)) throw new CliError(`--${name} "${raw}": must be ${rule}.`);
    return value;
  };
  const positive = (value: number) => value > 0;
  const whole = (value: number) => Number.isInteger(value) && value > 0;
  const share = (value: number) => value >= 0 && value <= 0.5;
  const out = values.out;
  const rawTarget = values.target ?? (out === undefined ? 'http://127.0.0.1:3001' : undefined);
  let target: CliOptions['target'];
  if (rawTarget === undefined) target = { kind: 'none' };
  else if (rawTarget === 'kafka') {
    const brokers = (values.brokers ?? env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean);
    if (brokers.length === 0)
      throw new CliError('--target kafka needs brokers: pass --brokers host:port or set KAFKA_BROKERS.');
    target = { kind: 'kafka', brokers };
  } else if (rawTarget === 'memory') target = { kind: 'memory' };
  else if (/^https?:\/\/[^\s]+$/.test(rawTarget))
    target = { kind: 'http', url: rawTarget.replace(/\/+$/, '') };
  else
    throw new CliError(
      `--target "${rawTarget}": must be http://host:port (the ingest service), kafka or memory.`,
    );
  const start = values.start === undefined ? new Date() : new Date(values.start);
  if (Number.isNaN(start.getTime()))
    throw new CliError(`--start "${values.start}": must be an ISO 8601 date-time.`);
  const options: CliOptions = {
    rate: number('rate', 100, positive, 'a number of transactions per second > 0')!,
    duration: number('duration', undefined, positive, 'a number of seconds > 0'),
    count: number('count', undefined, whole, 'a whole number > 0'),
    seed: number('seed', randomSeed, (value) => Number.isSafeInteger(value), 'an integer')!,
    target,
    labels: values.labels,
    out,
    fraudShare: number('fraud-share', 0.01, share, 'between 0 and 0.5')!,
    chargebackShare: number('chargeback-share', 0.6, (value) => value >= 0 && value <= 1, 'between 0 and 1')!,
    batch: number(
      'batch',
      500,
      (value) => whole(value) && value <= 1000,
      'a whole number between 1 and 1000',
    )!,
    customers: number('customers', 10_000, whole, 'a whole number > 0')!,
    merchants: number('merchants', 1_000, whole, 'a whole number > 0')!,
    start,
  };
  if (out !== undefined && options.count === undefined && options.duration === undefined) {
    throw new CliError('--out needs an end: pass --count N (or --duration S with --rate N).');
  }
  return options;
}
