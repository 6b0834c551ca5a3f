// Batched SQL the projections share: load the rows a batch touches in one statement, and upsert
// many rows in one statement (a JSON array expanded with `json_to_recordset`, each column declared
// with the table's own type, read once from the catalog). `json`, not `jsonb`, both ways: the
// argument is read once and a loaded row is only sent back, so building PostgreSQL's binary jsonb
// form was wasted work. A json / jsonb column is declared `text` in the record and cast in the
// SELECT: PostgreSQL 15 fills a json(b) field of a record several times slower than a text field
// it then parses (docs/BENCHMARKS.md, "json(b) columns read as text").
import type pg from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** Column name -> SQL type (as `format_type` spells it), per table name; the migrations fix them. */
const columnTypesByTable = new Map<string, Promise<ReadonlyMap<string, string>>>();

/**
 * The columns of `table` (resolved on the client's search_path, so a rebuild's shadow schema
 * answers with the same migrations' types) and their types, read once per process.
 */
function columnTypes(client: pg.ClientBase, table: string): Promise<ReadonlyMap<string, string>> {
  let types = columnTypesByTable.get(table);
  if (types === undefined) {
    types = client
      .query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [identifier(table)],
      )
      .then(({ rows }) => new Map(rows.map((row) => [row.name, row.type])));
    columnTypesByTable.set(table, types);
    types.catch(() => columnTypesByTable.delete(table));
  }
  return types;
}

const isJsonType = (type: string) => type === 'json' || type === 'jsonb';

/**
 * `json_to_recordset($1::json) AS d(...)` over `rows` (all with the keys of the first), and the
 * argument to pass as $1: the select list in `columns` order, json(b) columns cast from text.
 */
async function recordset(
  client: pg.ClientBase,
  table: string,
  rows: readonly object[],
): Promise<{ columns: string[]; select: string; from: string; argument: string }> {
  const types = await columnTypes(client, table);
  const columns = Object.keys(rows[0] ?? {}).map(identifier);
  const typeOf = (column: string) => {
    const type = types.get(column);
    if (type === undefined)
      throw new Error(`Table ${table} has no column ${column}: run the read model's migrations`);
    return type;
  };
  const json = columns.filter((column) => isJsonType(typeOf(column)));
  // Declared `text`, a nested JSON value arrives as its JSON text; a JSON string would arrive
  // unquoted, so a row holding one in a json(b) column is sent with that value quoted.
  const records =
    json.length === 0
      ? rows
      : rows.map((row) => {
          const values = row as Record<string, unknown>;
          if (!json.some((column) => typeof values[column] === 'string')) return row;
          const record: Record<string, unknown> = { ...values };
          for (const column of json) {
            if (typeof record[column] === 'string') record[column] = JSON.stringify(record[column]);
          }
          return record;
        });
  return {
    columns,
    select: columns
      .map((column) => (json.includes(column) ? `d.${column}::${typeOf(column)}` : `d.${column}`))
      .join(', '),
    from: `json_to_recordset($1::json) AS d(${columns
      .map((column) => `${column} ${json.includes(column) ? 'text' : typeOf(column)}`)
      .join(', ')})`,
    argument: JSON.stringify(records),
  };
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
  if (rows.length === 0) return;
  const { columns, select, from, argument } = await recordset(client, table, rows);
  const updated = columns.filter((column) => !keyColumns.includes(column));
  await client.query(
    `INSERT INTO ${identifier(table)} AS t (${columns.join(', ')})
     SELECT ${select} FROM ${from}
     ON CONFLICT (${keyColumns.map(identifier).join(', ')}) DO UPDATE
     SET (${updated.join(', ')}) = ROW(${updated.map((column) => `excluded.${column}`).join(', ')})
     ${guard ? `WHERE ${guard}` : ''}`,
    [argument],
  );
}

/** Inserts rows whose key is not there yet (append-only tables such as the alert timeline). */
export async function insertNewRows(
  client: pg.ClientBase,
  table: string,
  keyColumns: readonly string[],
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const { columns, select, from, argument } = await recordset(client, table, rows);
  await client.query(
    `INSERT INTO ${identifier(table)} (${columns.join(', ')})
     SELECT ${select} FROM ${from}
     ON CONFLICT (${keyColumns.map(identifier).join(', ')}) DO NOTHING`,
    [argument],
  );
}

/**
 * Inserts the rows whose `keyColumn` is not there yet and returns the keys it inserted: a row whose
 * key was there is left as it was, and its key is missing from the answer.
 */
export async function insertRowsWhereNew(
  client: pg.ClientBase,
  table: string,
  keyColumn: string,
  rows: readonly object[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { columns, select, from, argument } = await recordset(client, table, rows);
  const { rows: inserted } = await client.query<{ key: string }>(
    `INSERT INTO ${identifier(table)} (${columns.join(', ')})
     SELECT ${select} FROM ${from}
     ON CONFLICT (${identifier(keyColumn)}) DO NOTHING
     RETURNING ${identifier(keyColumn)} AS key`,
    [argument],
  );
  return new Set(inserted.map((row) => row.key));
}
