// `npm run bench [-- area ...] [--quick]`: runs benchmark areas, prints one table and merges the
// results into bench/results/latest.json (one entry per area, with the machine it ran on). With no
// area it runs `e2e`, the suite of the whole pipeline beside its parts' limits (each area alone takes
// minutes; `all` runs every one in turn).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { areas } from './areas.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const requested = args.filter((arg) => !arg.startsWith('--'));
const unknown = requested.filter((name) => name !== 'all' && !(name in areas));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark area(s): ${unknown.join(', ')}. Known: ${Object.keys(areas).join(', ') || '(none yet)'}, or all`,
  );
  process.exit(2);
}
const selected =
  requested.length === 0 ? ['e2e'] : requested.includes('all') ? Object.keys(areas) : requested;
const resultsFile = path.resolve('bench/results/latest.json');
const results: Record<string, unknown> = {};
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
};

for (const name of selected) {
  const area = await areas[name]!();
  console.log(`\n## ${area.name}: ${area.description}`);
  const { rows, details } = await area.run({ quick });
  console.table(
    rows.map((row) => ({
      metric: row.metric,
      value: Number(row.value.toPrecision(4)),
      unit: row.unit,
      target: row.target ?? '',
      note: row.note ?? '',
    })),
  );
  results[name] = { at: new Date().toISOString(), machine, quick, rows, details };
}
// Read just before writing, not at start: runs of other areas overlapping this one (minutes long)
// would otherwise have their entries overwritten with what the file held when this one began.
const merged = existsSync(resultsFile)
  ? { ...(JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>), ...results }
  : results;
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`\nResults written to ${path.relative(process.cwd(), resultsFile)}`);
