// `npm run simulate -- --rate 2000 --duration 10 --target kafka`: the transaction producer. See
// USAGE in cli-options.ts and docs/SIMULATOR.md. Progress on stderr each second, a summary on stdout.
import { randomInt } from 'node:crypto';
import { CliError, parseCliOptions, USAGE } from './cli-options.js';
import { runSimulation } from './run-simulation.js';
import { openTarget } from './targets.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env, randomInt(1, 2 ** 31));
  } catch (error) {
    if (!(error instanceof CliError) && !(error instanceof TypeError)) throw error;
    say(`simulate: ${error.message}\n\n${USAGE}`);
    return 64; // EX_USAGE
  }
  const target = await openTarget(options.target);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    say('simulate: stopping (Ctrl-C again to abort)');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  say(
    `simulate: seed ${options.seed}, ${options.rate} tx/s${options.duration ? ` for ${options.duration} s` : ''}${options.count ? `, ${options.count} transactions` : ''} -> ${target?.name ?? options.out}`,
  );
  try {
    const summary = await runSimulation(options, target, say, () => stopping);
    const destination = target?.name ?? options.out ?? '';
    const share = summary.generated === 0 ? 0 : (100 * summary.frauds) / summary.generated;
    process.stdout.write(
      `${target ? `Sent ${summary.sent} of ${summary.generated}` : `Wrote ${summary.generated}`} transactions (${summary.frauds} fraud, ${share.toFixed(2)} %) and ${summary.chargebacks} chargebacks to ${destination} in ${summary.seconds.toFixed(1)} s (${Math.round((target ? summary.sent : summary.generated) / summary.seconds)} tx/s), errors ${summary.errors}; seed ${options.seed}${options.labels ? `, labels in ${options.labels}` : ''}\n`,
    );
    if (summary.lastError) say(`simulate: last error: ${summary.lastError}`);
    return summary.errors > 0 ? 1 : 0;
  } finally {
    await target?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const retriable =
      typeof error === 'object' && error !== null && 'retriable' in error
        ? ` (retriable: ${String(error.retriable)})`
        : '';
    say(`simulate: failed${retriable}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
