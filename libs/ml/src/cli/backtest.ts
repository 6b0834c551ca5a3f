// `npm run backtest -- --model FILE [...]`: replays the recorded traffic of a window through a
// candidate model and policy and compares it with the live decisions and the labels. Reads the
// event store (PostgreSQL or EventStoreDB) and writes nothing to it; progress goes to stderr, the
// table to stdout, the JSON report to --out.
import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { EventStoreDbEventStore, type EventStore, PostgresEventStore } from '#eventstore';
import { formatBacktestTable } from '../backtest/backtest-table.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { loadModel } from '../scoring/scorer.js';
import {
  BACKTEST_USAGE,
  type BacktestCommand,
  candidateThresholds,
  parseBacktestCommand,
} from './backtest-options.js';

function openStore(command: BacktestCommand): EventStore {
  if (command.store.kind === 'eventstoredb') return EventStoreDbEventStore.connect(command.store.url);
  const pool = new pg.Pool({ connectionString: command.store.url, max: 4, application_name: 'backtest' });
  return new PostgresEventStore({ pool, ownsPool: true });
}

async function main(): Promise<void> {
  const command = parseBacktestCommand(process.argv.slice(2), process.env);
  if (command.help) {
    process.stdout.write(`${BACKTEST_USAGE}\n`);
    return;
  }
  const model = await loadModel(command.modelPath, { threads: 1 });
  const store = openStore(command);
  const tty = process.stderr.isTTY;
  let lastShown = 0;
  try {
    const { report } = await runBacktest(store, model, {
      thresholds: candidateThresholds(command, model.metadata.thresholds),
      from: command.from,
      to: command.to,
      costs: command.costs,
      onProgress: ({ eventsRead, replayed, warmedUp, elapsedMs }) => {
        if (elapsedMs - lastShown < 1_000) return;
        lastShown = elapsedMs;
        const rate = Math.round(replayed / (elapsedMs / 1000)).toLocaleString('en-US');
        const line = `read ${eventsRead.toLocaleString('en-US')} events, replayed ${replayed.toLocaleString('en-US')} transactions (${rate} tx/s), warmed up ${warmedUp.toLocaleString('en-US')}`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty && lastShown > 0) process.stderr.write('\n');
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (command.out === '-') {
      process.stdout.write(json);
    } else {
      await writeFile(command.out, json);
      process.stdout.write(
        `${formatBacktestTable(report, command.changes)}\n\nJSON report: ${command.out}\n`,
      );
    }
  } finally {
    await store.close();
    await model.close();
  }
}

main().catch((error: unknown) => {
  const retriable = (error as { retriable?: boolean }).retriable;
  process.stderr.write(
    `backtest failed: ${error instanceof Error ? error.message : String(error)}${retriable === true ? ' (retriable: run it again)' : ''}\n`,
  );
  process.exitCode = (error as { name?: string }).name === 'BacktestUsageError' ? 64 : 1;
});
