// The `transactions` projection: transactions_enriched, one row per transaction with its score,
// decision, status, alert and labels, and the statistics derived from those rows (per-minute
// counters, score histogram, merchant / country / customer risk, labels). Loads the batch's rows,
// folds them with the pure evolve, writes the changed ones back (projection/fold-and-write.ts) and
// moves the statistics by the difference between each row as it was and as folded.
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import { foldAndWrite, type RowTable } from '../projection/fold-and-write.js';
import { type Projection, UNREAD_TRANSACTION_FIELDS } from '../projection/projection.js';
import { STATISTICS_TABLES, writeStatistics } from '../statistics/statistics-writes.js';
import {
  DISPOSITION_EVENT_TYPES,
  evolveTransactionRow,
  SHADOW_EVENT_TYPES,
  TRANSACTION_EVENT_TYPES,
  transactionKey,
  type TransactionRow,
} from './transaction-row.js';

const rows: RowTable<TransactionRow> = {
  table: 'transactions_enriched',
  keyColumn: 'transaction_id',
  keyOf: transactionKey,
  evolve: evolveTransactionRow,
  startsRow: (event) => event.streamVersion === 1 && event.streamId.startsWith('transaction-'),
  guard: 'excluded.stream_version >= t.stream_version AND excluded.alert_version >= t.alert_version',
};

export const transactionsProjection: Projection = {
  name: 'transactions',
  filter: {
    eventTypes: [...TRANSACTION_EVENT_TYPES, ...SHADOW_EVENT_TYPES, ...DISPOSITION_EVENT_TYPES],
    omitDataFields: UNREAD_TRANSACTION_FIELDS,
  },
  tables: ['transactions_enriched', ...STATISTICS_TABLES],
  async apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const { before, changed } = await foldAndWrite(client, events, rows);
    await writeStatistics(client, before, changed);
  },
};
