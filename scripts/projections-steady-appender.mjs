// The load of projections-steady-lag.mjs, in a worker thread: `rate` transactions/s of the mixed
// workload for `seconds`, a tick every 100 ms, in calls of 200 streams on a store whose statements
// may hold 1 MiB (one statement each, so a call's return comes just after its one commit; the
// bench's appender does the same), up to four ticks in flight. Posts { eventIds, startedAt, returnedAt } per call, then { appended, seconds }.
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresEventStore } from '#eventstore';
import { mixedWorkload } from '../dist/apps/projections/src/workload/mixed-workload.js';

const { url, rate, seconds } = workerData;
const tickMs = 100;
const perTick = Math.round((rate * tickMs) / 1000);
const store = PostgresEventStore.connect(url, { max: 4, maxStatementBytes: 1024 * 1024 });
const workload = mixedWorkload({ transactions: rate * seconds, batchSize: perTick, prefix: 's' });
const send = async (requests) => {
  for (let first = 0; first < requests.length; first += 200) {
    const call = requests.slice(first, first + 200);
    const startedAt = Date.now();
    await store.appendMany(call);
    const eventIds = call.flatMap((request) => request.events.map((event) => event.eventId));
    parentPort.postMessage({ eventIds, startedAt, returnedAt: Date.now() });
  }
};
const inFlight = new Set();
const started = performance.now();
let appended = 0;
for (let tick = 0; ; tick += 1) {
  const scored = workload.next();
  const followUps = workload.next();
  if (scored.done || followUps.done) break;
  if (inFlight.size >= 4) await Promise.race(inFlight);
  const append = (async () => {
    await send(scored.value);
    await send(followUps.value);
    appended += perTick;
  })();
  inFlight.add(append);
  void append.finally(() => inFlight.delete(append));
  const wait = started + (tick + 1) * tickMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
await Promise.all(inFlight);
await store.close();
parentPort.postMessage({ appended, seconds: (performance.now() - started) / 1000 });
