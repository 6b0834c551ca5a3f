// Runs `npm run backtest` as users run it: the built CLI in a process of its own, with the Node
// flags of the `backtest` script in package.json (read from there, so the two cannot drift), the
// JSON report on stdout. The replay's speed depends on those flags (the young generation's size
// decides how much of each page's garbage is promoted), so an in-process call would measure
// something nobody runs. Its CPU time is read from /proc while it runs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BacktestReport } from '#ml';

const CLI = 'dist/libs/ml/src/cli/backtest.js';

/** The node options of package.json's `backtest` script (`... && node <flags> <CLI>`). */
export function backtestNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const match = /node ((?:--\S+ )*)dist\/libs\/ml\/src\/cli\/backtest\.js/.exec(scripts.backtest ?? '');
  if (!match) throw new Error(`package.json's backtest script does not run ${CLI}: update the bench`);
  return match[1]!.trim().split(' ').filter(Boolean);
}

function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100
  } catch {
    return undefined;
  }
}

export interface CliRun {
  readonly report: BacktestReport;
  /** CPU of the whole CLI process (start-up and model load included), last read before it ended. */
  readonly cpuMs: number;
  readonly flags: readonly string[];
}

export async function runBacktestCli(args: readonly string[], databaseUrl: string): Promise<CliRun> {
  const flags = backtestNodeFlags();
  const child = spawn(process.execPath, [...flags, CLI, ...args, '--out', '-'], {
    env: { ...process.env, EVENT_STORE: 'postgres', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let cpuMs = 0;
  const sampler = setInterval(() => {
    cpuMs = cpuMsOf(child.pid!) ?? cpuMs;
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`backtest CLI exited with ${code}:\n${stderr.slice(-2_000)}`);
  return { report: JSON.parse(stdout) as BacktestReport, cpuMs, flags };
}
