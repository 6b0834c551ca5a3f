// The `statistics` projection: per-minute fraud statistics, the score histogram, merchant / country
// / customer risk and the labels table. It keeps its own copy of each transaction's state
// (statistics_transaction_facts, folded with the same evolve as transactions_enriched) so it does
// not depend on another projection's progress, and moves counters by contribution deltas.
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import {
  distinctKeys,
  foldRows,
  type Projection,
  UNREAD_TRANSACTION_FIELDS,
} from '../projection/projection.js';
import { upsertRows } from '../projection/sql.js';
import {
  DISPOSITION_EVENT_TYPES,
  evolveTransactionRow,
  TRANSACTION_EVENT_TYPES,
  transactionKey,
  type TransactionRow,
} from '../transactions/transaction-row.js';
import { COUNTER_NAMES, CounterDeltas, HISTOGRAM_COUNTERS, type Dimension } from './contribution.js';
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
const countersOf = (dimension: Dimension): readonly string[] =>
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
  await client.query(
    `INSERT INTO ${table} AS t (${columns.join(', ')})
     SELECT d.key, ${values.join(', ')}${lastSeen ? ', d.last_seen' : ''}
     FROM json_to_recordset($1::json) AS d(key ${keyType}, ${counters.map((name) => `${name} bigint`).join(', ')}, last_seen timestamptz)
     ON CONFLICT (${key}) DO UPDATE SET
       ${counters.map((name) => `${name} = t.${name} + excluded.${name}`).join(', ')}
       ${lastSeen ? ', last_seen_at = GREATEST(t.last_seen_at, excluded.last_seen_at)' : ''}`,
    [
      JSON.stringify(
        entries.map((entry) => ({ key: entry.key, last_seen: entry.lastSeen, ...entry.counters })),
      ),
    ],
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
  await client.query(
    `INSERT INTO score_histogram AS t (bin_width, bin, lower_bound, upper_bound, ${HISTOGRAM_COUNTERS.join(', ')})
     SELECT bin_width, bin, lower_bound, upper_bound, ${HISTOGRAM_COUNTERS.join(', ')}
     FROM json_populate_recordset(NULL::score_histogram, $1::json)
     ON CONFLICT (bin_width, bin) DO UPDATE SET
       ${HISTOGRAM_COUNTERS.map((name) => `${name} = t.${name} + excluded.${name}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}

/**
 * What the counters, the labels and the evolve itself read of a transaction's state: the facts
 * stored are this much of the row (smaller rows, less to write and to parse). Dropped columns come
 * back undefined on load and are never read; the evolve sets them again from later events.
 */
const FACT_COLUMNS = [
  'transaction_id',
  'customer_id',
  'merchant_id',
  'country',
  'amount',
  'occurred_at',
  'risk_score',
  'decision',
  'model_version',
  'status',
  'chargeback',
  'chargeback_at',
  'disposition',
  'disposition_at',
  'label',
  'stream_version',
  'alert_version',
] as const satisfies readonly (keyof TransactionRow)[];

function factsOf(row: TransactionRow): Partial<TransactionRow> {
  const facts: Record<string, unknown> = {};
  for (const column of FACT_COLUMNS) facts[column] = row[column];
  return facts;
}

async function loadFacts(
  client: pg.ClientBase,
  keys: readonly string[],
): Promise<Map<string, TransactionRow>> {
  const facts = new Map<string, TransactionRow>();
  if (keys.length === 0) return facts;
  const { rows } = await client.query<{ transaction_id: string; facts: TransactionRow }>(
    'SELECT transaction_id, facts FROM statistics_transaction_facts WHERE transaction_id = ANY($1::text[])',
    [keys],
  );
  for (const row of rows) facts.set(row.transaction_id, row.facts);
  return facts;
}

export const statisticsProjection: Projection = {
  name: 'statistics',
  filter: {
    eventTypes: [...TRANSACTION_EVENT_TYPES, ...DISPOSITION_EVENT_TYPES],
    omitDataFields: UNREAD_TRANSACTION_FIELDS,
  },
  tables: [
    'statistics_transaction_facts',
    'fraud_stats_minute',
    'score_histogram',
    'merchant_risk',
    'country_risk',
    'customer_risk',
    'labels',
  ],
  async apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const loaded = await loadFacts(client, distinctKeys(events, transactionKey));
    const changed = foldRows(events, loaded, transactionKey, evolveTransactionRow);
    const deltas = new CounterDeltas();
    const labels: object[] = [];
    const unlabelled: string[] = [];
    for (const [key, after] of changed) {
      const before = loaded.get(key);
      deltas.change(before, after);
      const label = labelRow(after);
      if (label) labels.push(label);
      else if (before?.label) unlabelled.push(key);
    }
    await upsertRows(
      client,
      'statistics_transaction_facts',
      ['transaction_id'],
      [...changed.values()].map((facts) => ({
        transaction_id: facts.transaction_id,
        facts: factsOf(facts),
        stream_version: facts.stream_version,
        alert_version: facts.alert_version,
      })),
    );
    for (const dimension of ['minute', 'merchant', 'country', 'customer'] as const) {
      await addCounters(client, dimension, deltas);
    }
    await addHistogram(client, deltas);
    await upsertRows(client, 'labels', ['transaction_id'], labels);
    if (unlabelled.length > 0) {
      await client.query('DELETE FROM labels WHERE transaction_id = ANY($1::text[])', [unlabelled]);
    }
  },
};
