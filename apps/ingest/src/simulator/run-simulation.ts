// The simulator's main loop: takes transactions from the seeded simulation at `--rate` per second of
// real time, sends them in batches (a few in flight when the target lags), sends chargebacks as the
// simulated clock reaches them, writes labels / datasets, shows progress every second.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createSimulation, type SimulatedTransaction } from '#simulator';
import type { CliOptions } from './cli-options.js';
import type { Target } from './targets.js';

export interface RunSummary {
  readonly generated: number;
  readonly sent: number;
  readonly frauds: number;
  readonly chargebacks: number;
  readonly errors: number;
  readonly seconds: number;
  readonly lastError: string | undefined;
}

const IN_FLIGHT_BATCHES = 4;

export async function runSimulation(
  options: CliOptions,
  target: Target | undefined,
  report: (line: string) => void,
  shouldStop: () => boolean,
): Promise<RunSummary> {
  const simulation = createSimulation({
    seed: options.seed,
    fraudShare: options.fraudShare,
    chargebackShare: options.chargebackShare,
    customers: options.customers,
    merchants: options.merchants,
    start: options.start,
  });
  const limit =
    options.count ??
    (options.duration === undefined ? Number.POSITIVE_INFINITY : Math.round(options.rate * options.duration));
  const labels = options.labels === undefined ? undefined : createWriteStream(options.labels);
  const out = options.out === undefined ? undefined : createWriteStream(options.out);
  const paced = target !== undefined;
  let generated = 0;
  let sent = 0;
  let frauds = 0;
  let chargebacks = 0;
  let errors = 0;
  let lastError: string | undefined;
  const startedAt = performance.now();
  const elapsed = () => (performance.now() - startedAt) / 1000;
  let lastReport = { at: 0, sent: 0 };
  const progress = setInterval(() => {
    const now = elapsed();
    const rate = (sent - lastReport.sent) / (now - lastReport.at);
    lastReport = { at: now, sent };
    report(
      `simulate: ${paced ? 'sent' : 'written'} ${paced ? sent : generated} (${Math.round(paced ? rate : generated / now)}/s), frauds ${frauds}, chargebacks ${chargebacks}, errors ${errors}${lastError ? ` (last: ${lastError})` : ''}`,
    );
  }, 1_000);

  const fail = (error: unknown, count: number) => {
    errors += count;
    lastError = error instanceof Error ? error.message : String(error);
  };

  try {
    while (generated < limit && !shouldStop()) {
      const due = paced
        ? Math.min(limit, Math.floor(options.rate * elapsed())) - generated
        : Math.min(limit - generated, 10_000);
      if (due <= 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(50, 1_000 / options.rate))));
        continue;
      }
      const records = simulation.take(Math.min(due, options.batch * IN_FLIGHT_BATCHES));
      generated += records.length;
      for (const record of records) if (record.label.isFraud) frauds++;
      await Promise.all([write(labels, records, labelLine), write(out, records, datasetLine)]);
      if (target !== undefined) {
        const batches: SimulatedTransaction[][] = [];
        for (let i = 0; i < records.length; i += options.batch)
          batches.push(records.slice(i, i + options.batch));
        await Promise.all(
          batches.map((batch) =>
            target.sendTransactions(batch.map((record) => record.transaction)).then(
              () => (sent += batch.length),
              (error: unknown) => fail(error, batch.length),
            ),
          ),
        );
        const reports = simulation.dueChargebacks();
        if (reports.length > 0) {
          await target.sendChargebacks(reports).then(
            () => (chargebacks += reports.length),
            (error: unknown) => fail(error, reports.length),
          );
        }
      }
    }
  } finally {
    clearInterval(progress);
    await Promise.all([close(labels), close(out)]);
  }
  return { generated, sent, frauds, chargebacks, errors, seconds: elapsed(), lastError };
}

const labelLine = ({ transaction, label }: SimulatedTransaction) =>
  JSON.stringify({ transactionId: transaction.transactionId, customerId: transaction.customerId, ...label });
const datasetLine = (record: SimulatedTransaction) => JSON.stringify(record);

async function write(
  stream: WriteStream | undefined,
  records: SimulatedTransaction[],
  line: (record: SimulatedTransaction) => string,
) {
  if (stream === undefined) return;
  let chunk = '';
  for (const record of records) chunk += `${line(record)}\n`;
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function close(stream: WriteStream | undefined) {
  if (stream === undefined) return;
  stream.end();
  await once(stream, 'close');
}
