// The steady-state load of the projections benchmark, in a worker thread: it appends the mixed
// workload at a paced rate on its own event loop (as the scoring service would, in its own
// process), so the projections being measured do not slow the load down, nor the load them.
// Appends of consecutive ticks may overlap (distinct streams), so a slow append does not lower the
// rate. Posts { appended, seconds } when done.
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresEventStore } from '#eventstore';
import { mixedWorkload } from '../../apps/projections/src/workload/mixed-workload.js';

export interface SteadyAppenderInput {
  readonly url: string;
  readonly rate: number;
  readonly durationSeconds: number;
}

const { url, rate, durationSeconds } = workerData as SteadyAppenderInput;
const tickMs = 100;
const perTick = Math.round((rate * tickMs) / 1000);
const maxInFlight = 4;
const store = PostgresEventStore.connect(url, { max: maxInFlight });
const workload = mixedWorkload({ transactions: rate * durationSeconds, batchSize: perTick, prefix: 's' });
const inFlight = new Set<Promise<void>>();
const started = performance.now();
let appended = 0;
for (let tick = 0; ; tick += 1) {
  const scored = workload.next();
  const followUps = workload.next();
  if (scored.done || followUps.done) break;
  if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  const append = (async () => {
    await store.appendMany(scored.value);
    await store.appendMany(followUps.value);
    appended += perTick;
  })();
  inFlight.add(append);
  void append.finally(() => inFlight.delete(append));
  const wait = started + (tick + 1) * tickMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
await Promise.all(inFlight);
const seconds = (performance.now() - started) / 1000;
await store.close();
parentPort?.postMessage({ appended, seconds });
