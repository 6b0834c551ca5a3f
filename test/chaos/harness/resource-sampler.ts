// Samples the resident memory of the service processes at a fixed period (Linux /proc), so a load
// run can compare the start of its steady state with its end.
import { readFileSync } from 'node:fs';

export interface MemorySample {
  readonly at: number;
  readonly rssMiB: Readonly<Record<string, number>>;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}: is it a zombie?`);
  return Number(kib) / 1024;
}

export function sampleMemory(
  pids: () => Record<string, number>,
  periodMs: number,
): { stop(): MemorySample[] } {
  const samples: MemorySample[] = [];
  const take = () =>
    samples.push({
      at: Date.now(),
      rssMiB: Object.fromEntries(Object.entries(pids()).map(([app, pid]) => [app, rssMiB(pid)])),
    });
  take();
  const timer = setInterval(take, periodMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
