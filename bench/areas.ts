// The benchmark areas `npm run bench -- <area>` knows. Each area module exports `run(options)`
// returning rows for the table and a JSON-serialisable result.
import type { BenchArea } from './bench-area.js';

export const areas: Record<string, () => Promise<BenchArea>> = {
  ml: async () => (await import('./ml/ml.bench.js')).area,
};
