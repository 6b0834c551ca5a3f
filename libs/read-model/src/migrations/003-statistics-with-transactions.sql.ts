// Migration 3: the statistics tables are written by the `transactions` projection, in the same
// transaction as transactions_enriched, and move by the difference between each row as loaded and
// as folded; the `statistics` projection and its private copy of every transaction's state
// (statistics_transaction_facts) are gone (docs/PROJECTIONS.md, "One projection for a transaction
// and its statistics"). The statistics tables were at the `statistics` checkpoint, not at the
// `transactions` one, so both projections start again from the log: on the next start the
// projections service replays it into transactions_enriched and the statistics tables (other
// read tables keep their rows and checkpoints). The `transactions` checkpoint is set to
// 'replay-from-start' (REPLAY_FROM_START in apps/projections), not deleted: this version reads it as
// the start, while a projections service of the version before, still running when another
// service migrates, refuses it and stops rather than replay rows without their statistics. The
// old `statistics` projection finds its table gone and stops before writing anything.
import { statisticsFactsTableV1 } from './001-read-tables.sql.js';

const STATISTICS_TABLES =
  'fraud_stats_minute, score_histogram, merchant_risk, country_risk, customer_risk, labels';

export const statisticsWithTransactionsV3: readonly string[] = [
  'DROP TABLE statistics_transaction_facts',
  `DELETE FROM projection_checkpoints WHERE name = 'statistics'`,
  `UPDATE projection_checkpoints SET checkpoint = 'replay-from-start', events_applied = 0,
     last_event_at = NULL, failed_event = NULL, error = NULL, failed_at = NULL
   WHERE name = 'transactions'`,
  `TRUNCATE transactions_enriched, ${STATISTICS_TABLES}`,
];

/**
 * Back to two projections: the old projection's table, empty, and both projections reset (stop the
 * projections service first: the version before cannot tell a reset from a fresh start).
 */
export const statisticsWithTransactionsV3Down: readonly string[] = [
  statisticsFactsTableV1,
  `DELETE FROM projection_checkpoints WHERE name IN ('transactions', 'statistics')`,
  `TRUNCATE transactions_enriched, ${STATISTICS_TABLES}`,
];
