// The `transactions` projection: transactions_enriched, one row per transaction with its score,
// decision, status, alert and labels, and the statistics derived from those rows (per-minute
// counters, score histogram, merchant / country / customer risk, labels). Loads the batch's rows,
// folds them with the pure evolve, writes the changed ones back and moves the statistics by the
// difference between each row as loaded and as folded.
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import {
  distinctKeys,
  foldRows,
  type Projection,
  UNREAD_TRANSACTION_FIELDS,
} from '../projection/projection.js';
import { insertRowsWhereNew, loadRows, upsertRows } from '../projection/sql.js';
import { STATISTICS_TABLES, writeStatistics } from '../statistics/statistics-writes.js';
import {
  DISPOSITION_EVENT_TYPES,
  evolveTransactionRow,
  SHADOW_EVENT_TYPES,
  TRANSACTION_EVENT_TYPES,
  transactionKey,
  type TransactionRow,
} from './transaction-row.js';

const TABLE = 'transactions_enriched';

/**
 * Transactions whose first event in the batch is the first of their stream: they have no row yet,
 * unless this very batch was applied before (checked when the row is inserted).
 */
function startingKeys(events: readonly RecordedEvent[]): Set<string> {
  const seen = new Set<string>();
  const starting = new Set<string>();
  for (const event of events) {
    const key = transactionKey(event);
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    if (event.streamVersion === 1 && event.streamId.startsWith('transaction-')) starting.add(key);
  }
  return starting;
}

export const transactionsProjection: Projection = {
  name: 'transactions',
  filter: {
    eventTypes: [...TRANSACTION_EVENT_TYPES, ...SHADOW_EVENT_TYPES, ...DISPOSITION_EVENT_TYPES],
    omitDataFields: UNREAD_TRANSACTION_FIELDS,
  },
  tables: [TABLE, ...STATISTICS_TABLES],
  async apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void> {
    // A transaction starting in this batch is not looked up (most of them, in a catch-up and live):
    // its row is inserted where none exists, and one that existed after all (a batch delivered
    // again over its rows) is loaded then and folded again from what was stored.
    const starting = startingKeys(events);
    const loaded = await loadRows<TransactionRow>(
      client,
      TABLE,
      'transaction_id',
      distinctKeys(events, transactionKey).filter((key) => !starting.has(key)),
    );
    const changed = foldRows(events, loaded, transactionKey, evolveTransactionRow);
    const fresh = [...changed.values()].filter((row) => starting.has(row.transaction_id));
    const inserted = await insertRowsWhereNew(client, TABLE, 'transaction_id', fresh);
    if (inserted.size < fresh.length) {
      const existing = new Set(fresh.map((row) => row.transaction_id).filter((key) => !inserted.has(key)));
      for (const key of existing) changed.delete(key);
      const stored = await loadRows<TransactionRow>(client, TABLE, 'transaction_id', [...existing]);
      for (const [key, row] of stored) loaded.set(key, row);
      const again = events.filter((event) => existing.has(transactionKey(event) ?? ''));
      for (const [key, row] of foldRows(again, stored, transactionKey, evolveTransactionRow))
        changed.set(key, row);
    }
    await upsertRows(
      client,
      TABLE,
      ['transaction_id'],
      [...changed.values()].filter((row) => !inserted.has(row.transaction_id)),
      'excluded.stream_version >= t.stream_version AND excluded.alert_version >= t.alert_version',
    );
    await writeStatistics(client, loaded, changed);
  },
};
