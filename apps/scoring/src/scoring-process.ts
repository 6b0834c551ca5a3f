// What the scoring service's process sets for itself wherever it is started (main.ts), and what the
// scoring bench sets while it runs the service in its own process.
import { setFlagsFromString } from 'node:v8';

/**
 * V8's allocation-site pretenuring, off. While a backlog drains, slices of 2,000 transactions keep
 * their objects alive across scavenges; V8 learns to allocate what those sites make straight in the
 * old space and goes on doing so at a steady load, where the same objects live a few milliseconds.
 * Measured at 1,000 tx/s after a drain (docs/BENCHMARKS.md, "Scoring", "Pretenuring off"): the old
 * space grew half as fast, scavenges took ~30 % less time, and fewer major collections, whose
 * spells set the p99, fell in the window. NODE_OPTIONS does not take this flag, so the process sets
 * it as it starts (the same effect as on the command line, measured).
 */
export function tuneScoringHeap(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
