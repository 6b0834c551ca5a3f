// The garbage collector over the scoring bench's latency window: every pause with its kind and
// when it came, and the old space's size at both ends. The window's p99 follows its spells of slow
// transactions, and those came with a major collection of this process's old space in most runs
// measured (docs/BENCHMARKS.md, "Scoring", "The tail and the major collections"): this row says
// whether a run had one, so that its p99 can be read.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export interface CollectorSummary {
  /** Minor collections (scavenges): how many, total and longest pause in ms. */
  readonly scavenges: { readonly count: number; readonly ms: number; readonly longestMs: number };
  /** Major collections (mark-compact): seconds into the window and pause in ms, in order. */
  readonly major: readonly { readonly atSeconds: number; readonly ms: number }[];
  /** Every pause (any kind), ms, ascending. */
  readonly pauses: readonly number[];
  /** Old space in use, MB, when the window began and when it ended. */
  readonly oldSpaceMb: { readonly start: number; readonly end: number };
}

export interface CollectorWindow {
  stop(): CollectorSummary;
}

const oldSpaceMb = () =>
  (getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0) /
  2 ** 20;

export function startCollectorWindow(): CollectorWindow {
  const began = performance.now();
  const start = oldSpaceMb();
  const entries: { kind: number | undefined; at: number; ms: number }[] = [];
  const record = (list: readonly PerformanceEntry[]) => {
    for (const entry of list) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      entries.push({ kind, at: entry.startTime, ms: entry.duration });
    }
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      // Entries not yet delivered to the callback would be lost with the observer.
      record(observer.takeRecords());
      observer.disconnect();
      const scavenges = entries.filter((entry) => entry.kind === constants.NODE_PERFORMANCE_GC_MINOR);
      return {
        scavenges: {
          count: scavenges.length,
          ms: scavenges.reduce((sum, entry) => sum + entry.ms, 0),
          longestMs: scavenges.reduce((longest, entry) => Math.max(longest, entry.ms), 0),
        },
        major: entries
          .filter((entry) => entry.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
          .map((entry) => ({ atSeconds: (entry.at - began) / 1000, ms: entry.ms })),
        pauses: entries.map((entry) => entry.ms).sort((a, b) => a - b),
        oldSpaceMb: { start, end: oldSpaceMb() },
      };
    },
  };
}

/** One line for the bench's table: the major collections first, they are what the tail follows. */
export function describeCollector(summary: CollectorSummary): string {
  const major =
    summary.major.length === 0
      ? 'no major collection'
      : `major collections at ${summary.major.map((entry) => `${entry.atSeconds.toFixed(1)} s (${entry.ms.toFixed(1)} ms)`).join(', ')}`;
  return (
    `${major}; scavenges ${summary.scavenges.count}, ${summary.scavenges.ms.toFixed(0)} ms in all, ` +
    `longest ${summary.scavenges.longestMs.toFixed(1)} ms; old space ${summary.oldSpaceMb.start.toFixed(0)} -> ` +
    `${summary.oldSpaceMb.end.toFixed(0)} MB`
  );
}
