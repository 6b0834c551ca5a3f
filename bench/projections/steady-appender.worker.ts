// The steady-state load of the projections benchmark, in a worker thread: it appends the mixed
// workload at a paced rate on its own event loop (as the scoring service would, in its own
// process), so the projections being measured do not slow the load down, nor the load them.
// Appends of consecutive ticks may overlap (distinct streams), so a slow append does not lower the
// rate. A tick's transactions go in calls of CALL_STREAMS streams, one statement (one commit) each,
// and every call is reported as it returns ({ eventIds, applications, returnedAt, window }): the
// benchmark measures lag from that return, just after the commit (later by whatever else this
// thread's event loop was doing). The first `leadInSeconds` are a lead-in (window false); then
// { appended, seconds } (the window's) is posted when done.
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresEventStore, type AppendRequest } from '#eventstore';
import { ALL_PROJECTIONS } from '../../apps/projections/src/projection/all-projections.js';
import { matchesFilter } from '../../apps/projections/src/runner/feed-order.js';
import { mixedWorkload } from '../../apps/projections/src/workload/mixed-workload.js';

export interface SteadyAppenderInput {
  readonly url: string;
  readonly rate: number;
  readonly leadInSeconds: number;
  readonly durationSeconds: number;
}

/** One append call, reported when it returned: its events are committed (in the log) by then. */
export interface AppendedCall {
  readonly eventIds: readonly string[];
  /** How many times its events are to be applied: once per projection whose filter takes each. */
  readonly applications: number;
  readonly returnedAt: number;
  readonly window: boolean;
}

// Calls of 200 streams (at most ~330 kB of JSON) on a store whose statements may hold 1 MiB: each
// call is one statement by construction, so its return comes just after its one commit (a call
// split into several statements, committed one after the other, would return late for the first
// ones). About five statements a tick, as many as the 256 KiB parts of the load before 2026-12-06.
const CALL_STREAMS = 200;
const MAX_STATEMENT_BYTES = 1024 * 1024;

const { url, rate, leadInSeconds, durationSeconds } = workerData as SteadyAppenderInput;
const tickMs = 100;
const perTick = Math.round((rate * tickMs) / 1000);
const leadInTicks = Math.round((leadInSeconds * 1000) / tickMs);
const maxInFlight = 4;
const store = PostgresEventStore.connect(url, { max: maxInFlight, maxStatementBytes: MAX_STATEMENT_BYTES });
const workload = mixedWorkload({
  transactions: rate * (leadInSeconds + durationSeconds),
  batchSize: perTick,
  prefix: 's',
});

async function appendInCalls(requests: readonly AppendRequest[], window: boolean): Promise<void> {
  for (let first = 0; first < requests.length; first += CALL_STREAMS) {
    const call = requests.slice(first, first + CALL_STREAMS);
    await store.appendMany(call);
    const returnedAt = Date.now();
    const appended: AppendedCall = {
      eventIds: call.flatMap((request) => request.events.map((event) => event.eventId)),
      applications: call.reduce(
        (sum, request) =>
          sum +
          request.events.reduce(
            (takers, event) =>
              takers +
              ALL_PROJECTIONS.filter((projection) =>
                matchesFilter({ type: event.type, streamId: request.streamId }, projection.filter),
              ).length,
            0,
          ),
        0,
      ),
      returnedAt,
      window,
    };
    parentPort?.postMessage(appended);
  }
}

const inFlight = new Set<Promise<void>>();
let started = performance.now();
let appended = 0;
for (let tick = 0; ; tick += 1) {
  if (tick === leadInTicks) started = performance.now();
  const window = tick >= leadInTicks;
  const scored = workload.next();
  const followUps = workload.next();
  if (scored.done || followUps.done) break;
  if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  const append = (async () => {
    await appendInCalls(scored.value, window);
    await appendInCalls(followUps.value, window);
    if (window) appended += perTick;
  })();
  inFlight.add(append);
  void append.finally(() => inFlight.delete(append));
  const windowTick = window ? tick - leadInTicks : tick;
  const wait = started + (windowTick + 1) * tickMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
await Promise.all(inFlight);
const seconds = (performance.now() - started) / 1000;
await store.close();
parentPort?.postMessage({ appended, seconds });
