// Batched SQL the projections share: load the rows a batch touches in one statement, and upsert
// many rows in one statement (a JSON array expanded with the table's own row type, so columns
// are matched by name and typed by the table). `json`, not `jsonb`, both ways: the argument is read
// once and a loaded row is only sent back, so building PostgreSQL's binary jsonb form was wasted work.
import type pg from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** Rows of `table` whose `keyColumn` is in `keys`, as JSON objects keyed by column name. */
export async function loadRows<Row>(
  client: pg.ClientBase,
  table: string,
  keyColumn: string,
  keys: readonly string[],
): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  if (keys.length === 0) return rows;
  const result = await client.query<{ key: string; row: Row }>(
    `SELECT t.${identifier(keyColumn)} AS key, row_to_json(t) AS row FROM ${identifier(table)} t
     WHERE t.${identifier(keyColumn)} = ANY($1::text[])`,
    [keys],
  );
  for (const { key, row } of result.rows) rows.set(key, row);
  return rows;
}

/**
 * INSERT ... ON CONFLICT DO UPDATE of every column; `guard` (SQL over `t` = stored, `excluded` =
 * new) keeps a stale row from overwriting a newer one.
 */
export async function upsertRows(
  client: pg.ClientBase,
  table: string,
  keyColumns: readonly string[],
  rows: readonly object[],
  guard?: string,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first).map(identifier);
  const updated = columns.filter((column) => !keyColumns.includes(column));
  await client.query(
    `INSERT INTO ${identifier(table)} AS t (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${identifier(table)}, $1::json)
     ON CONFLICT (${keyColumns.map(identifier).join(', ')}) DO UPDATE
     SET (${updated.join(', ')}) = ROW(${updated.map((column) => `excluded.${column}`).join(', ')})
     ${guard ? `WHERE ${guard}` : ''}`,
    [JSON.stringify(rows)],
  );
}

/** Inserts rows whose key is not there yet (append-only tables such as the alert timeline). */
export async function insertNewRows(
  client: pg.ClientBase,
  table: string,
  keyColumns: readonly string[],
  rows: readonly object[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first).map(identifier);
  await client.query(
    `INSERT INTO ${identifier(table)} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${identifier(table)}, $1::json)
     ON CONFLICT (${keyColumns.map(identifier).join(', ')}) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
