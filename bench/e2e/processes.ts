// The services as separate processes from dist (what `npm run start:<app>` runs), and a sampler of
// each one's CPU and RSS from /proc, so the table can say what every process costs in each phase.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { serviceNodeFlags } from '../service-flags.js';

/** USER_HZ: 100 on every Linux we run on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

export interface Service {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Exit code or signal (if it has ended) and the tail of its stderr: what an error should show. */
  describe(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Another build's entry point (an A/B against an older commit's dist). */
  readonly main?: string;
  /** Node flags after the start script's (so they win: profiling, an A/B of a flag). */
  readonly extraFlags?: readonly string[];
  /** Show the service's stdout (e.g. `--trace-gc` output) instead of dropping it. */
  readonly showOutput?: boolean;
}

/**
 * Starts `dist/apps/<app>/src/main.js` with its start script's Node flags; resolves once /health
 * answers, rejects if it exits first.
 */
export async function startService(
  app: string,
  port: number,
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<Service> {
  const main = path.resolve(options.main ?? path.join('dist/apps', app, 'src/main.js'));
  const child = spawn(process.execPath, [...serviceNodeFlags(app), ...(options.extraFlags ?? []), main], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', options.showOutput ? 'inherit' : 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} at boot: ${errors}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${app} did not answer /health on ${port} within 60 s: ${errors}`);
    }
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name: app,
    port,
    child,
    describe: () =>
      `${app} ${child.exitCode === null && child.signalCode === null ? 'running' : `exited (code ${child.exitCode}, signal ${child.signalCode})`}; stderr tail: ${errors.slice(-1_500) || '(empty)'}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Sum of a Prometheus text metric's samples named `name` whose labels include `label` (`k="v"`). */
export async function scrape(port: number, name: string, label = ''): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(label))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** CPU seconds used so far, current and peak RSS of a process, from /proc; undefined if gone or off Linux. */
export function processUsage(
  pid: number,
): { cpuSeconds: number; rssMiB: number; peakMiB: number } | undefined {
  try {
    // /proc/<pid>/stat: utime and stime are fields 14 and 15, counted after the `(comm)` field.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return {
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      rssMiB: kib('VmRSS') / 1024,
      peakMiB: kib('VmHWM') / 1024,
    };
  } catch {
    return undefined; // the process is gone (or this is not Linux): no sample
  }
}

export interface PhaseUsage {
  /** Mean share of one core over the phase (100 = one core busy all the time). */
  cpuPercent: number;
  /** Largest RSS sampled during the phase (every 200 ms). */
  maxRssMiB: number;
  /** VmHWM at the end of the phase: the process's peak since it started. */
  peakRssMiB: number;
}

/** Samples every process's RSS every 200 ms; `phase()` returns CPU and RSS since the last call. */
export function startSampler(processes: Record<string, number>) {
  const marks = new Map<string, { cpu: number; at: number; maxRss: number }>();
  const reset = () => {
    for (const [name, pid] of Object.entries(processes))
      marks.set(name, { cpu: processUsage(pid)?.cpuSeconds ?? 0, at: performance.now(), maxRss: 0 });
  };
  reset();
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(processes)) {
      const mark = marks.get(name);
      const sample = processUsage(pid);
      if (mark && sample) mark.maxRss = Math.max(mark.maxRss, sample.rssMiB);
    }
  }, 200);
  return {
    phase(): Record<string, PhaseUsage> {
      const usage: Record<string, PhaseUsage> = {};
      for (const [name, pid] of Object.entries(processes)) {
        const mark = marks.get(name);
        const sample = processUsage(pid);
        if (!mark || !sample) continue;
        const seconds = (performance.now() - mark.at) / 1000;
        usage[name] = {
          cpuPercent: ((sample.cpuSeconds - mark.cpu) / seconds) * 100,
          maxRssMiB: Math.max(mark.maxRss, sample.rssMiB),
          peakRssMiB: sample.peakMiB,
        };
      }
      reset();
      return usage;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * CPU seconds of every `postgres` process on the machine (utime + stime, plus the children's that
 * exited, which the postmaster accumulates). Other suites' backends count too: an upper bound.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      total += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / CLOCK_TICKS;
    } catch {
      continue; // the process ended between the listing and the read: its time is in its parent's
    }
  }
  return total;
}
