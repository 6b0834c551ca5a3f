// The projections' batched writes against real PostgreSQL: rows stored through upsertRows /
// insertNewRows (one array per column, unnest) equal what the table's own row type makes of the same
// JSON (json_populate_recordset, the way they were written before 2026-12-05), whatever the values.
import { createTestDatabase, type TestDatabase } from '#testing';
import pg from 'pg';
import { addToRows, insertNewRows, loadRows, upsertRows } from './sql.js';

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase('projection_sql');
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  for (const table of ['written', 'expected']) {
    await client.query(
      `CREATE TABLE ${table} (id text PRIMARY KEY, version int NOT NULL, amount numeric(19,4),
         at timestamptz, doc jsonb, plain json, note text)`,
    );
  }
  await client.query(
    'CREATE TABLE counted (width numeric(4,2), bin int, label text, hits int NOT NULL, misses int NOT NULL, PRIMARY KEY (width, bin))',
  );
});

afterAll(async () => {
  await client.end();
  await database.drop();
});

const awkwardRows = [
  {
    id: 'array',
    version: 1,
    amount: 12.5,
    at: '2026-01-01T00:00:00.000Z',
    doc: [{ feature: 'a', contribution: 0.125 }],
    plain: [1, 2],
    note: 'x',
  },
  {
    id: 'object',
    version: 1,
    amount: null,
    at: null,
    doc: { nested: { deep: [true, null] } },
    plain: { a: 'b' },
    note: null,
  },
  {
    id: 'string',
    version: 1,
    amount: 1,
    at: null,
    doc: 'just a string',
    plain: 'quoted "inside"',
    note: 'y',
  },
  { id: 'number', version: 1, amount: 1e-4, at: null, doc: 42.000001, plain: -0.5, note: '' },
  { id: 'boolean', version: 1, amount: 0, at: null, doc: false, plain: true, note: 'z' },
  { id: 'null', version: 1, amount: 0, at: null, doc: null, plain: null, note: null },
  {
    id: 'unicode',
    version: 1,
    amount: 0,
    at: null,
    doc: { text: 'é 漢字 \n\t "q" \\ 🙂' },
    plain: ['é'],
    note: '漢字',
  },
  { id: 'empty', version: 1, amount: 0, at: null, doc: [], plain: {}, note: null },
  // Text an array literal must quote: its delimiters, the word NULL, backslashes, control characters.
  {
    id: 'literal',
    version: 1,
    amount: -3.25,
    at: null,
    doc: 'NULL',
    plain: null,
    note: 'a,b {c} "d" \\ NULL',
  },
  {
    id: 'control',
    version: 1,
    amount: 0,
    at: null,
    doc: null,
    plain: null,
    note: 'line\nbreak\ttab\r\u0001',
  },
  { id: 'word-null', version: 1, amount: 0, at: null, doc: null, plain: null, note: 'NULL' },
  { id: 'empty-text', version: 1, amount: 0, at: null, doc: null, plain: null, note: '' },
  { id: 'spaces', version: 1, amount: 0, at: null, doc: null, plain: null, note: '  padded  ' },
];

async function tableAsJson(table: string) {
  const { rows } = await client.query<{ row: unknown }>(
    `SELECT jsonb_build_object('id', id, 'version', version, 'amount', amount, 'at', at, 'doc', doc,
       'plain', plain::text, 'note', note) AS row FROM ${table} ORDER BY id`,
  );
  return rows.map((row) => row.row);
}

describe('upsertRows / insertNewRows', () => {
  it('given rows with every kind of JSON value in json and jsonb columns, when written, then they are stored as the table type reads that JSON', async () => {
    // Given / When
    await upsertRows(client, 'written', ['id'], awkwardRows);
    await client.query(
      'INSERT INTO expected SELECT * FROM json_populate_recordset(NULL::expected, $1::json)',
      [JSON.stringify(awkwardRows)],
    );

    // Then
    const written = await tableAsJson('written');
    expect(written).toHaveLength(awkwardRows.length);
    expect(written).toEqual(await tableAsJson('expected'));
    const loaded = await loadRows<{ doc: unknown }>(client, 'written', 'id', ['string', 'array']);
    expect(loaded.get('string')?.doc).toBe('just a string');
    expect(loaded.get('array')?.doc).toEqual([{ feature: 'a', contribution: 0.125 }]);
  });

  it('given a stored row, when an upsert with a guard that refuses it and one that accepts it run, then only the accepted one changes the row', async () => {
    // Given
    await upsertRows(client, 'written', ['id'], [{ id: 'guarded', version: 2, doc: { v: 2 } }]);

    // When
    const guard = 'excluded.version > t.version';
    await upsertRows(client, 'written', ['id'], [{ id: 'guarded', version: 1, doc: { v: 1 } }], guard);
    const afterStale = await loadRows<{ doc: unknown }>(client, 'written', 'id', ['guarded']);
    await upsertRows(client, 'written', ['id'], [{ id: 'guarded', version: 3, doc: { v: 3 } }], guard);
    const afterNewer = await loadRows<{ doc: unknown }>(client, 'written', 'id', ['guarded']);

    // Then
    expect(afterStale.get('guarded')?.doc).toEqual({ v: 2 });
    expect(afterNewer.get('guarded')?.doc).toEqual({ v: 3 });
  });

  it('given existing keys, when insertNewRows runs, then only the new keys are inserted and the old rows are left as they were', async () => {
    // Given
    await insertNewRows(client, 'written', ['id'], [{ id: 'once', version: 1, doc: ['first'] }]);

    // When
    await insertNewRows(
      client,
      'written',
      ['id'],
      [
        { id: 'once', version: 9, doc: ['second'] },
        { id: 'twice', version: 1, doc: 'new' },
      ],
    );

    // Then
    const loaded = await loadRows<{ version: number; doc: unknown }>(client, 'written', 'id', [
      'once',
      'twice',
    ]);
    expect(loaded.get('once')).toMatchObject({ version: 1, doc: ['first'] });
    expect(loaded.get('twice')).toMatchObject({ version: 1, doc: 'new' });
  });

  it('given stored counter rows, when addToRows runs, then new keys are inserted and existing ones get the added columns summed, the rest kept', async () => {
    // Given
    await addToRows(
      client,
      'counted',
      ['width', 'bin'],
      ['hits', 'misses'],
      [{ width: 0.05, bin: 1, label: 'first', hits: 2, misses: 1 }],
    );

    // When
    await addToRows(
      client,
      'counted',
      ['width', 'bin'],
      ['hits', 'misses'],
      [
        { width: 0.05, bin: 1, label: 'second', hits: 3, misses: -1 },
        { width: 0.01, bin: 1, label: 'new', hits: 1, misses: 0 },
      ],
    );

    // Then
    const { rows } = await client.query<{
      width: string;
      bin: number;
      label: string;
      hits: number;
      misses: number;
    }>('SELECT width::text, bin, label, hits, misses FROM counted ORDER BY width, bin');
    expect(rows).toEqual([
      { width: '0.01', bin: 1, label: 'new', hits: 1, misses: 0 },
      { width: '0.05', bin: 1, label: 'first', hits: 5, misses: 0 },
    ]);
  });

  it('given a row with a key the table does not have, when written, then the error names the table, the column and the fix', async () => {
    await expect(
      upsertRows(client, 'written', ['id'], [{ id: 'x', version: 1, nonsense: 1 }]),
    ).rejects.toThrow("Table written has no column nonsense: run the read model's migrations");
  });
});
