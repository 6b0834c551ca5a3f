// The bench's steady phase alone (`steadyState` in bench/projections/projections.bench.ts, the same
// code `npm run bench -- projections` runs after its catch-up), for A/B comparisons of builds
// (docs/BENCHMARKS.md, "Projections"): in a throwaway database on DATABASE_URL's server (default the
// local one), PRE transactions (default 20,000) appended and projected first, then 5,000
// transactions/s for a LEAD_IN s lead-in (default 5) and a DUR s window (default 20). Prints the
// lag of the window and of the lead-in, the achieved rate and the CPU over the load. Runs the build
// in dist/ (npm run build first).
import { steadyState } from '../dist/bench/projections/projections.bench.js';
import { scratchDatabase } from '../dist/bench/scratch-database.js';

const setting = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, not ${process.env[name]}`);
    process.exit(2);
  }
  return value;
};
const options = {
  rate: 5000,
  projectedFirst: setting('PRE', 20000),
  leadInSeconds: setting('LEAD_IN', 5),
  durationSeconds: setting('DUR', 20),
};
const describe = ({ p50, p99, max, samples }) => `p50 ${p50} / p99 ${p99} / max ${max} ms (${samples})`;

const database = await scratchDatabase('steady');
try {
  const steady = await steadyState(database.url, options);
  console.log(
    JSON.stringify({
      ...options,
      achievedRate: Math.round(steady.achievedRate),
      fromReturn: describe(steady.window),
      fromRecordedAt: describe(steady.windowFromRecordedAt),
      leadIn: describe(steady.leadIn),
      unapplied: steady.unapplied,
      checkpoint: steady.checkpoint,
      processCores: Number(steady.cores.process.toFixed(2)),
      postgresCores: Number(steady.cores.postgres.toFixed(2)),
    }),
  );
} finally {
  await database.drop();
}
