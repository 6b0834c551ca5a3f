// The transactions projection's pure fold alone, for A/B comparisons of builds (docs/BENCHMARKS.md,
// "Projections"): reads the first 10,000 events it takes from the catch-up template database
// (`node scripts/projections-catch-up-cpu.mjs setup` first), folds them into fresh rows 50 times
// after 20 rounds of warm-up, and prints the time and the bytes allocated per event (V8's sampling
// heap profiler, counting what the collector has already freed). Runs the build in dist/.
import inspector from 'node:inspector/promises';
import { PostgresEventStore, START } from '#eventstore';
import { foldRows } from '../dist/apps/projections/src/projection/projection.js';
import {
  evolveTransactionRow,
  transactionKey,
} from '../dist/apps/projections/src/transactions/transaction-row.js';
import { transactionsProjection } from '../dist/apps/projections/src/transactions/transactions.projection.js';
import { databaseUrl, DEFAULT_DATABASE_URL } from '../dist/bench/scratch-database.js';

const ROUNDS = 50;
const store = PostgresEventStore.connect(
  databaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'cu_template'),
  { max: 1 },
);
const { events } = await store.readAll(START, 10_000, transactionsProjection.filter);
await store.close();
const fold = () => foldRows(events, new Map(), transactionKey, evolveTransactionRow);
for (let round = 0; round < 20; round += 1) fold();

const session = new inspector.Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const started = performance.now();
for (let round = 0; round < ROUNDS; round += 1) fold();
const ms = performance.now() - started;
const { profile } = await session.post('HeapProfiler.stopSampling');
const allocated = (node) => node.selfSize + node.children.reduce((sum, child) => sum + allocated(child), 0);
const folded = ROUNDS * events.length;
console.log(
  JSON.stringify({
    events: events.length,
    usPerEvent: Number(((ms * 1000) / folded).toFixed(2)),
    bytesPerEvent: Math.round(allocated(profile.head) / folded),
  }),
);
