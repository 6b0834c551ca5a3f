// Migration 3: the statistics tables are written by the `transactions` projection, in the same
// transaction as transactions_enriched, and move by the difference between each row as loaded and
// as folded; the `statistics` projection and its private copy of every transaction's state
// (statistics_transaction_facts) are gone (docs/PROJECTIONS.md, "One projection for a transaction
// and its statistics"). The statistics tables were at the `statistics` checkpoint, not at the
// `transactions` one, so both projections start again from the log: on the next start the
// projections service replays it into transactions_enriched and the statistics tables (other
// read tables keep their rows and checkpoints).
import { statisticsFactsTableV1 } from './001-read-tables.sql.js';

const STATISTICS_TABLES =
  'fraud_stats_minute, score_histogram, merchant_risk, country_risk, customer_risk, labels';

export const statisticsWithTransactionsV3: readonly string[] = [
  'DROP TABLE statistics_transaction_facts',
  `DELETE FROM projection_checkpoints WHERE name IN ('transactions', 'statistics')`,
  `TRUNCATE transactions_enriched, ${STATISTICS_TABLES}`,
];

/** Back to two projections: the same reset, and the old projection's table, empty. */
export const statisticsWithTransactionsV3Down: readonly string[] = [
  statisticsFactsTableV1,
  `DELETE FROM projection_checkpoints WHERE name IN ('transactions', 'statistics')`,
  `TRUNCATE transactions_enriched, ${STATISTICS_TABLES}`,
];
