// The benchmark areas `npm run bench -- <area>` knows. Each area module exports `run(options)`
// returning rows for the table and a JSON-serialisable result.
import type { BenchArea } from './bench-area.js';

export const areas: Record<string, () => Promise<BenchArea>> = {
  api: async () => (await import('./api/api.bench.js')).area,
  ml: async () => (await import('./ml/ml.bench.js')).area,
  eventstore: async () => (await import('./eventstore/eventstore.bench.js')).area,
  projections: async () => (await import('./projections/projections.bench.js')).area,
  ingest: async () => (await import('./ingest/ingest.bench.js')).area,
  scoring: async () => (await import('./scoring/scoring.bench.js')).area,
  e2e: async () => (await import('./e2e/e2e.bench.js')).area,
  backtest: async () => (await import('./backtest/backtest.bench.js')).area,
};
