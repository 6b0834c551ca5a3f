// Server and client CPU of one way of writing many transactions_enriched rows in one statement
// (docs/BENCHMARKS.md, "Projections", "Columns as arrays"): 20,000 rows of a caught-up read model
// (`cu_run`, left by `node scripts/projections-catch-up-cpu.mjs run`) inserted into an empty copy of
// the table with its indexes, 2,000 rows a statement, five rounds per way (the first one dropped as
// warm-up), the ways alternating. `json`: the JSON recordset written before 2026-12-05; `arrays`:
// one array per column, as projection/sql.ts writes now; `floor`: INSERT ... SELECT of the same rows
// from the table itself (what the insert costs with no parameter to read).
import pg from 'pg';
import { arrayLiteral } from '../dist/apps/projections/src/projection/sql.js';
import { startCpuWindow } from '../dist/bench/eventstore/cpu-meter.js';
import { databaseUrl, DEFAULT_DATABASE_URL } from '../dist/bench/scratch-database.js';

const server = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const client = new pg.Client({ connectionString: databaseUrl(server, 'cu_run') });
await client.connect();
const PER_STATEMENT = 2000;
const STATEMENTS = 10;
const rows = (
  await client.query(
    `SELECT row_to_json(t) AS row FROM transactions_enriched t ORDER BY transaction_id LIMIT ${PER_STATEMENT * STATEMENTS}`,
  )
).rows.map((r) => r.row);
const types = new Map(
  (
    await client.query(`SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = 'transactions_enriched'::regclass AND attnum > 0 AND NOT attisdropped`)
  ).rows.map((row) => [row.name, row.type]),
);
const columns = Object.keys(rows[0]);
const isJson = (column) => types.get(column) === 'jsonb';
await client.query(
  'DROP TABLE IF EXISTS column_writes; CREATE TABLE column_writes (LIKE transactions_enriched INCLUDING ALL)',
);

const ways = {
  json: (batch) =>
    client.query(
      `INSERT INTO column_writes (${columns}) SELECT ${columns.map((c) => (isJson(c) ? `d.${c}::jsonb` : `d.${c}`))}
       FROM json_to_recordset($1::json) AS d(${columns.map((c) => `${c} ${isJson(c) ? 'text' : types.get(c)}`)})
       ON CONFLICT (transaction_id) DO NOTHING`,
      [JSON.stringify(batch)],
    ),
  arrays: (batch) =>
    client.query(
      `INSERT INTO column_writes (${columns}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`)})
       ON CONFLICT (transaction_id) DO NOTHING`,
      columns.map((c) =>
        arrayLiteral(
          batch.map((row) => (row[c] == null ? null : isJson(c) ? JSON.stringify(row[c]) : row[c])),
        ),
      ),
    ),
  floor: (_batch, index) =>
    client.query(
      `INSERT INTO column_writes SELECT * FROM transactions_enriched ORDER BY transaction_id
       OFFSET ${index * PER_STATEMENT} LIMIT ${PER_STATEMENT} ON CONFLICT (transaction_id) DO NOTHING`,
    ),
};
const results = {};
for (let round = 0; round < 5; round++) {
  for (const [name, write] of Object.entries(ways)) {
    await client.query('TRUNCATE column_writes');
    // This process, and the database's one backend (this client's): the bench's meter.
    const cpu = await startCpuWindow(client, 'cu_run');
    for (let i = 0; i < STATEMENTS; i++)
      await write(rows.slice(i * PER_STATEMENT, (i + 1) * PER_STATEMENT), i);
    const { clientMs, serverMs } = await cpu.stop();
    if (serverMs === undefined) throw new Error("the server's CPU needs PostgreSQL on this machine (/proc)");
    if (round === 0) continue;
    (results[name] ??= []).push(
      `server ${((serverMs * 1000) / rows.length).toFixed(1)} us, client ${((clientMs * 1000) / rows.length).toFixed(1)} us`,
    );
  }
}
await client.query('DROP TABLE column_writes');
await client.end();
for (const [name, figures] of Object.entries(results))
  console.log(`${name} (per row): ${figures.join(' | ')}`);
