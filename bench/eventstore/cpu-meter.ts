// CPU time spent by this process and by the PostgreSQL backends serving a database, over a window.
// On a shared 2-core machine wall-clock rates swing 2x with other people's load; CPU per event does
// not, so the benchmark reports both. Backends are read from /proc, so this needs the server on
// this machine (it is, for the benchmark) and readable /proc entries; otherwise the server side is
// reported as unavailable rather than guessed.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined; // the backend ended, or /proc is not ours to read: counted as unavailable
  }
}

export interface CpuWindow {
  /** Milliseconds of CPU used by this process and by the database's backends since `start`. */
  stop(): Promise<{ clientMs: number; serverMs: number | undefined }>;
}

export async function startCpuWindow(pool: pg.Pool, database: string): Promise<CpuWindow> {
  const backends = async () => {
    const { rows } = await pool.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === undefined) return undefined;
      cpu.set(pid, ms);
    }
    return cpu;
  };
  const client0 = process.cpuUsage();
  const server0 = await backends();
  return {
    async stop() {
      const used = process.cpuUsage(client0);
      const server1 = await backends();
      let serverMs: number | undefined;
      if (server0 && server1) {
        serverMs = 0;
        for (const [pid, ms] of server1) serverMs += ms - (server0.get(pid) ?? 0);
      }
      return { clientMs: (used.user + used.system) / 1000, serverMs };
    },
  };
}
