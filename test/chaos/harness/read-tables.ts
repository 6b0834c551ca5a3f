// "Read tables equal a rebuild from the log": snapshot every read table (row count and a digest of
// its rows in a stable order), run `npm run projections:rebuild` (the built command, as an operator
// would) which replays the whole log into fresh tables and swaps them in, snapshot again, compare.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { READ_MODEL_TABLES } from '#read-model';
import type { Checked } from './invariants.js';

export type Snapshot = Record<string, { rows: number; digest: string }>;

export async function snapshotReadTables(pool: pg.Pool): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const table of READ_MODEL_TABLES.filter((name) => name !== 'projection_checkpoints')) {
    const { rows } = await pool.query<{ rows: string; digest: string | null }>(
      `SELECT count(*) AS rows, md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest
         FROM (SELECT to_jsonb(t) AS x FROM ${table} t) s`,
    );
    snapshot[table] = { rows: Number(rows[0]?.rows ?? 0), digest: rows[0]?.digest ?? '' };
  }
  return snapshot;
}

/** Runs the rebuild command against `databaseUrl`; rejects with its output when it fails. */
export async function runRebuild(databaseUrl: string): Promise<void> {
  const child = spawn(process.execPath, [path.resolve('dist/apps/projections/src/rebuild/rebuild.main.js')], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`projections:rebuild exited with ${code}:\n${output.slice(-4_000)}`);
}

/** Tables whose rows differ between the live projections and a rebuild of the same log. */
export async function checkReadTablesEqualRebuild(
  pool: pg.Pool,
  databaseUrl: string,
): Promise<Checked<{ tables: number; rows: number }>> {
  const live = await snapshotReadTables(pool);
  await runRebuild(databaseUrl);
  const rebuilt = await snapshotReadTables(pool);
  const violations = Object.keys(live)
    .filter((table) => JSON.stringify(live[table]) !== JSON.stringify(rebuilt[table]))
    .map(
      (table) =>
        `read table ${table} differs from its rebuild: live ${live[table]!.rows} rows (${live[table]!.digest}), rebuilt ${rebuilt[table]?.rows} rows (${rebuilt[table]?.digest})`,
    );
  return {
    violations,
    figures: {
      tables: Object.keys(live).length,
      rows: Object.values(live).reduce((sum, { rows }) => sum + rows, 0),
    },
  };
}
