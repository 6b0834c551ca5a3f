// Batched SQL the projections share: load the rows a batch touches in one statement, and upsert
// many rows in one statement: each column sent as one array parameter of the table's own type (read
// once from the catalog; json(b) columns as text, cast element by element) and zipped back into
// rows by `unnest` in the select list. Before 2026-12-05 the rows went as one JSON array expanded
// by `json_to_recordset`: the server then parsed the JSON twice (`json_in` checks the argument, the
// expansion reads it again) and looked every field up by name, 39 us of server CPU per 35-column
// `transactions_enriched` row against 30.5 with the arrays, for the same client CPU
// (docs/BENCHMARKS.md, "Projections", "Columns as arrays"). Loaded rows come back as `row_to_json`
// (json, not jsonb: a row is only sent back).
import { createHash } from 'node:crypto';
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

/** Statement name per SQL text (a process has a few dozen texts; each is hashed once). */
const statementNames = new Map<string, string>();

/**
 * `text` as a named (prepared) statement: each connection parses it once instead of on every call,
 * and PostgreSQL may settle on one generic plan after five executions and plan it no more. At the
 * feed's head a page is a few hundred events and each projection runs ~5-10 statements per page:
 * with 300-event pages this took 7-12 % off the server's CPU per transaction (docs/BENCHMARKS.md,
 * "Projections", "Statements prepared once, queued pages applied as one"). The name is a digest of
 * the text, so a different text never reuses a name; PostgreSQL re-plans a statement by itself when
 * the search_path (a rebuild's shadow schema) or a table it uses has changed.
 */
export function prepared(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `projection_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: values as unknown[] };
}

const isJsonType = (type: string) => type === 'json' || type === 'jsonb';

// JSON.stringify writes a string the way an array literal quotes an element (`"` and `\` escaped
// with a backslash), a number or a boolean the way the types' input functions read it, and `null`,
// which the literal reads as NULL unquoted. Only its escapes of control characters (and of lone
// surrogates) differ: in the literal, a backslash keeps the next character as it is, so those
// columns are written element by element.
const JSON_ONLY_ESCAPE = /\\[bfnrtu]/;

/** What an array literal here holds. */
export type ArrayValue = string | number | boolean | null | undefined;

function arrayElement(value: ArrayValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return String(value);
  return `"${String(value).replace(/["\\]/g, '\\$&')}"`;
}

/** `values` as a one-dimensional PostgreSQL array literal (strings, numbers, booleans, null). */
export function arrayLiteral(values: readonly ArrayValue[]): string {
  const json = JSON.stringify(values);
  if (!JSON_ONLY_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  return `{${values.map(arrayElement).join(',')}}`;
}

/**
 * One column of `rows` as an array literal. A json(b) column's values go as their JSON text; any
 * other column takes strings, numbers, booleans and null only (an object would break the literal).
 */
function columnLiteral(table: string, column: string, json: boolean, rows: readonly object[]): string {
  const values = rows.map((row): ArrayValue => {
    const value = (row as Record<string, unknown>)[column];
    if (value === null || value === undefined) return null;
    if (json) return JSON.stringify(value);
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object')
      throw new Error(`Column ${table}.${column} takes a plain value, not ${JSON.stringify(value)}`);
    return value as ArrayValue;
  });
  return arrayLiteral(values);
}

/** One column of a zipped SELECT: its name, its array (SQL), and the type its elements are cast to. */
export interface ZippedColumn {
  readonly name: string;
  readonly array: string;
  readonly castTo?: string;
}

/**
 * `SELECT unnest(array1) AS name1, unnest(array2)::type AS name2, ...`: arrays (of one length)
 * zipped into rows. In the select list the arrays are read side by side as rows are asked for; in
 * FROM (`unnest(a, b, ...)`) PostgreSQL first copies every array into a tuplestore of its own and
 * then joins them (docs/BENCHMARKS.md, "Projections", "Arrays zipped in the select list").
 */
export function zipArrays(columns: readonly ZippedColumn[]): string {
  const element = ({ array, castTo }: ZippedColumn) => `unnest(${array})${castTo ? `::${castTo}` : ''}`;
  return `SELECT ${columns.map((column) => `${element(column)} AS ${identifier(column.name)}`).join(', ')}`;
}

/**
 * `INSERT INTO table AS t (columns) SELECT unnest($1::type[]), ...` over `rows` (all with the keys
 * of the first), one array parameter per column, followed by `conflict(columns)`: the statement's
 * ON CONFLICT (and RETURNING) clauses.
 */
async function insertColumns<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.ClientBase,
  table: string,
  rows: readonly object[],
  conflict: (columns: readonly string[]) => string,
): Promise<pg.QueryResult<Row>> {
  const types = await columnTypes(client, table);
  const columns = Object.keys(rows[0] ?? {}).map(identifier);
  const sqlTypes = columns.map((column) => {
    const type = types.get(column);
    if (type === undefined)
      throw new Error(`Table ${table} has no column ${column}: run the read model's migrations`);
    return type;
  });
  // A json(b) column goes as text[] and each element is cast: a jsonb[] parameter is parsed whole
  // (every value held at once) and cost 2.4 times the server CPU for transactions_enriched's reasons.
  const zipped = columns.map((column, i): ZippedColumn => {
    const type = sqlTypes[i]!;
    return isJsonType(type)
      ? { name: column, array: `$${i + 1}::text[]`, castTo: type }
      : { name: column, array: `$${i + 1}::${type}[]` };
  });
  return client.query<Row>(
    prepared(
      `INSERT INTO ${identifier(table)} AS t (${columns.join(', ')})
       ${zipArrays(zipped)}
       ${conflict(columns)}`,
      columns.map((column, i) => columnLiteral(table, column, isJsonType(sqlTypes[i]!), rows)),
    ),
  );
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
    prepared(
      `SELECT t.${identifier(keyColumn)} AS key, row_to_json(t) AS row FROM ${identifier(table)} t
       WHERE t.${identifier(keyColumn)} = ANY($1::text[])`,
      [keys],
    ),
  );
  for (const { key, row } of result.rows) rows.set(key, row);
  return rows;
}

const onConflict = (keyColumns: readonly string[]) =>
  `ON CONFLICT (${keyColumns.map(identifier).join(', ')})`;

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
  await insertColumns(client, table, rows, (columns) => {
    const updated = columns.filter((column) => !keyColumns.includes(column));
    return `${onConflict(keyColumns)} DO UPDATE
     SET (${updated.join(', ')}) = ROW(${updated.map((column) => `excluded.${column}`).join(', ')})
     ${guard ? `WHERE ${guard}` : ''}`;
  });
}

/**
 * Counter rows: inserts new keys as they are, and adds each of `added` to the stored row's value of
 * an existing key (the other columns of an existing row stay as they were).
 */
export async function addToRows(
  client: pg.ClientBase,
  table: string,
  keyColumns: readonly string[],
  added: readonly string[],
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const sums = added.map(identifier).map((column) => `${column} = t.${column} + excluded.${column}`);
  await insertColumns(
    client,
    table,
    rows,
    () => `${onConflict(keyColumns)} DO UPDATE SET ${sums.join(', ')}`,
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
  await insertColumns(client, table, rows, () => `${onConflict(keyColumns)} DO NOTHING`);
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
  const { rows: inserted } = await insertColumns<{ key: string }>(
    client,
    table,
    rows,
    () => `${onConflict([keyColumn])} DO NOTHING RETURNING ${identifier(keyColumn)} AS key`,
  );
  return new Set(inserted.map((row) => row.key));
}
