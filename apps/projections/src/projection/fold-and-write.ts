// What the row projections share: load the rows a batch touches, fold the batch into them with the
// projection's pure evolve, write the changed ones. A row whose stream starts in the batch is not
// looked up (most rows, in a catch-up and live): it is inserted where none exists, and one that
// existed after all (this batch delivered again over its rows) is loaded then and folded again from
// what was stored, so the result is the same as loading everything first.
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import { distinctKeys, foldRows } from './projection.js';
import { insertRowsWhereNew, loadRows, upsertRows } from './sql.js';

export interface RowTable<Row> {
  readonly table: string;
  /** The primary key column, holding what `keyOf` returns. */
  readonly keyColumn: string;
  readonly keyOf: (event: RecordedEvent) => string | undefined;
  readonly evolve: (row: Row | undefined, event: RecordedEvent) => Row | undefined;
  /** True for an event that begins a row: before it, the row's key has no row. */
  readonly startsRow: (event: RecordedEvent) => boolean;
  /** SQL over `t` (stored) and `excluded` (new): a stale row never overwrites a newer one. */
  readonly guard: string;
}

export interface FoldedBatch<Row> {
  /** The rows as they were stored before the batch (absent: no row). */
  readonly before: ReadonlyMap<string, Row>;
  /** The rows the batch changed, as written. */
  readonly changed: ReadonlyMap<string, Row>;
}

/** Keys whose first event in the batch starts their row. */
function startingKeys<Row>(events: readonly RecordedEvent[], spec: RowTable<Row>): Set<string> {
  const seen = new Set<string>();
  const starting = new Set<string>();
  for (const event of events) {
    const key = spec.keyOf(event);
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    if (spec.startsRow(event)) starting.add(key);
  }
  return starting;
}

export async function foldAndWrite<Row extends object>(
  client: pg.ClientBase,
  events: readonly RecordedEvent[],
  spec: RowTable<Row>,
): Promise<FoldedBatch<Row>> {
  const starting = startingKeys(events, spec);
  const before = await loadRows<Row>(
    client,
    spec.table,
    spec.keyColumn,
    distinctKeys(events, spec.keyOf).filter((key) => !starting.has(key)),
  );
  const changed = foldRows(events, before, spec.keyOf, spec.evolve);
  const fresh = [...changed].filter(([key]) => starting.has(key));
  const inserted = await insertRowsWhereNew(
    client,
    spec.table,
    spec.keyColumn,
    fresh.map(([, row]) => row),
  );
  if (inserted.size < fresh.length) {
    const existing = new Set(fresh.map(([key]) => key).filter((key) => !inserted.has(key)));
    for (const key of existing) changed.delete(key);
    const stored = await loadRows<Row>(client, spec.table, spec.keyColumn, [...existing]);
    for (const [key, row] of stored) before.set(key, row);
    const again = events.filter((event) => existing.has(spec.keyOf(event) ?? ''));
    for (const [key, row] of foldRows(again, stored, spec.keyOf, spec.evolve)) changed.set(key, row);
  }
  await upsertRows(
    client,
    spec.table,
    [spec.keyColumn],
    [...changed].filter(([key]) => !inserted.has(key)).map(([, row]) => row),
    spec.guard,
  );
  return { before, changed };
}
