// The statistics tables, written by the `transactions` projection in the same transaction as
// transactions_enriched: per-minute fraud statistics, the score histogram, merchant / country /
// customer risk and the labels table. Counters move by contribution deltas, (contribution of a
// transaction as it is now) - (as it was): `before` is the transactions_enriched row as loaded,
// `after` the row as folded. Until 2026-12-04 (late) a `statistics` projection of its own folded every
// transaction a second time into a private copy of its state (statistics_transaction_facts), a
// second row written and read per transaction (docs/PROJECTIONS.md, "One projection for a
// transaction and its statistics").
import type { ReadModelTable } from '#read-model';
import type pg from 'pg';
import { addToRows, arrayLiteral, prepared, upsertRows, zipArrays } from '../projection/sql.js';
import type { TransactionRow } from '../transactions/transaction-row.js';
import {
  COUNTER_NAMES,
  CounterDeltas,
  HISTOGRAM_COUNTERS,
  type CounterName,
  type Dimension,
} from './contribution.js';
import { labelRow } from './label-row.js';

const AMOUNT_COUNTERS = new Set([
  'amount_total',
  'amount_suspected',
  'amount_blocked',
  'amount_fraud',
  'exposure',
]);

const dimensionTables: Record<
  Exclude<Dimension, 'histogram'>,
  { table: string; key: string; keyType: string }
> = {
  minute: { table: 'fraud_stats_minute', key: 'minute', keyType: 'timestamptz' },
  merchant: { table: 'merchant_risk', key: 'merchant_id', keyType: 'text' },
  country: { table: 'country_risk', key: 'country_id', keyType: 'text' },
  customer: { table: 'customer_risk', key: 'customer_id', keyType: 'text' },
};

// fraud_stats_minute has scored and released; the risk tables have last_seen_at instead.
const countersOf = (dimension: Dimension): readonly CounterName[] =>
  dimension === 'minute'
    ? COUNTER_NAMES
    : COUNTER_NAMES.filter((name) => name !== 'scored' && name !== 'released');

async function addCounters(
  client: pg.ClientBase,
  dimension: Exclude<Dimension, 'histogram'>,
  deltas: CounterDeltas,
) {
  const entries = deltas.entries(dimension);
  if (entries.length === 0) return;
  const { table, key, keyType } = dimensionTables[dimension];
  const counters = countersOf(dimension);
  const lastSeen = dimension !== 'minute';
  const columns = [key, ...counters, ...(lastSeen ? ['last_seen_at'] : [])];
  const values = counters.map((name) => (AMOUNT_COUNTERS.has(name) ? `d.${name} / 10000.0` : `d.${name}`));
  // One array per column, zipped (projection/sql.ts says why not a JSON recordset, nor unnest in FROM).
  const zipped = [
    { name: 'key', array: `$1::${keyType}[]` },
    { name: 'last_seen', array: '$2::timestamptz[]' },
    ...counters.map((name, i) => ({ name, array: `$${i + 3}::bigint[]` })),
  ];
  await client.query(
    prepared(
      `INSERT INTO ${table} AS t (${columns.join(', ')})
     SELECT d.key, ${values.join(', ')}${lastSeen ? ', d.last_seen' : ''}
     FROM (${zipArrays(zipped)}) AS d
     ON CONFLICT (${key}) DO UPDATE SET
       ${counters.map((name) => `${name} = t.${name} + excluded.${name}`).join(', ')}
       ${lastSeen ? ', last_seen_at = GREATEST(t.last_seen_at, excluded.last_seen_at)' : ''}`,
      [
        arrayLiteral(entries.map((entry) => entry.key)),
        arrayLiteral(entries.map((entry) => entry.lastSeen)),
        ...counters.map((name) => arrayLiteral(entries.map((entry) => entry.counters[name]))),
      ],
    ),
  );
}

async function addHistogram(client: pg.ClientBase, deltas: CounterDeltas) {
  const entries = deltas.entries('histogram');
  if (entries.length === 0) return;
  const rows = entries.map((entry) => {
    const [width, bin] = entry.key.split(':').map(Number) as [number, number];
    return {
      bin_width: width,
      bin,
      lower_bound: Math.round(bin * width * 100) / 100,
      upper_bound: Math.round((bin + 1) * width * 100) / 100,
      transactions: entry.counters.scored,
      confirmed_fraud: entry.counters.confirmed_fraud,
      false_positives: entry.counters.false_positives,
    };
  });
  await addToRows(client, 'score_histogram', ['bin_width', 'bin'], HISTOGRAM_COUNTERS, rows);
}

/** Tables written here, with transactions_enriched, by the `transactions` projection. */
export const STATISTICS_TABLES = [
  'fraud_stats_minute',
  'score_histogram',
  'merchant_risk',
  'country_risk',
  'customer_risk',
  'labels',
] as const satisfies readonly ReadModelTable[];

/**
 * Moves the counters, the histogram and the labels by what the batch changed: `changed` are the
 * rows the batch folded (only those that changed), `before` the same rows as they were loaded
 * (absent: new transaction).
 */
export async function writeStatistics(
  client: pg.ClientBase,
  before: ReadonlyMap<string, TransactionRow>,
  changed: ReadonlyMap<string, TransactionRow>,
): Promise<void> {
  const deltas = new CounterDeltas();
  const labels: object[] = [];
  const unlabelled: string[] = [];
  for (const [key, after] of changed) {
    const was = before.get(key);
    deltas.change(was, after);
    const label = labelRow(after);
    if (label) labels.push(label);
    else if (was?.label) unlabelled.push(key);
  }
  for (const dimension of ['minute', 'merchant', 'country', 'customer'] as const) {
    await addCounters(client, dimension, deltas);
  }
  await addHistogram(client, deltas);
  await upsertRows(client, 'labels', ['transaction_id'], labels);
  if (unlabelled.length > 0) {
    await client.query(prepared('DELETE FROM labels WHERE transaction_id = ANY($1::text[])', [unlabelled]));
  }
}
