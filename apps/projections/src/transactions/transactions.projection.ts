// The `transactions` projection: transactions_enriched, one row per transaction with its score,
// decision, status, alert and labels, and the statistics derived from those rows (per-minute
// counters, score histogram, merchant / country / customer risk, labels). Loads the batch's rows,
// folds them with the pure evolve, writes the changed ones back in one statement and moves the
// statistics by the difference between each row as loaded and as folded.
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import {
  distinctKeys,
  foldRows,
  type Projection,
  UNREAD_TRANSACTION_FIELDS,
} from '../projection/projection.js';
import { loadRows, upsertRows } from '../projection/sql.js';
import { STATISTICS_TABLES, writeStatistics } from '../statistics/statistics-writes.js';
import {
  DISPOSITION_EVENT_TYPES,
  evolveTransactionRow,
  SHADOW_EVENT_TYPES,
  TRANSACTION_EVENT_TYPES,
  transactionKey,
  type TransactionRow,
} from './transaction-row.js';

export const transactionsProjection: Projection = {
  name: 'transactions',
  filter: {
    eventTypes: [...TRANSACTION_EVENT_TYPES, ...SHADOW_EVENT_TYPES, ...DISPOSITION_EVENT_TYPES],
    omitDataFields: UNREAD_TRANSACTION_FIELDS,
  },
  tables: ['transactions_enriched', ...STATISTICS_TABLES],
  async apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const loaded = await loadRows<TransactionRow>(
      client,
      'transactions_enriched',
      'transaction_id',
      distinctKeys(events, transactionKey),
    );
    const changed = foldRows(events, loaded, transactionKey, evolveTransactionRow);
    await upsertRows(
      client,
      'transactions_enriched',
      ['transaction_id'],
      [...changed.values()],
      'excluded.stream_version >= t.stream_version AND excluded.alert_version >= t.alert_version',
    );
    await writeStatistics(client, loaded, changed);
  },
};
