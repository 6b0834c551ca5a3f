// What the scoring service's process sets for itself wherever it is started as its own process
// (main.ts), and what the scoring bench sets while it runs the service in-process.
import { setFlagsFromString } from 'node:v8';

/**
 * V8's allocation-site pretenuring, off. While a backlog drains, slices of 2,000 transactions keep
 * their objects alive across scavenges; most likely (not traced) V8 learns there to allocate what
 * those sites make straight in the old space, and goes on doing so at a steady load, where the same
 * objects live a few milliseconds. Measured at 1,000 tx/s after a drain (docs/BENCHMARKS.md,
 * "Scoring", "Pretenuring off"): the old space grew half as fast and scavenges took ~30 % less
 * time; the spells that set the p99 had coincided with the major collections that growth brings.
 * NODE_OPTIONS does not take this flag, so the process sets it as it starts (measured: the same
 * effect as on the command line).
 */
export function tuneScoringHeap(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
