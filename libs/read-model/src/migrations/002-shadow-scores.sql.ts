// Migration 2: the challenger's opinion of each transaction (TransactionShadowScored), beside the
// champion's, so champion and challenger can be compared on live traffic with the labels the row
// already holds. Nullable: most transactions are scored without a challenger.
export const shadowScoresV2: readonly string[] = [
  `ALTER TABLE transactions_enriched
     ADD COLUMN shadow_model_version text,
     ADD COLUMN shadow_risk_score double precision,
     ADD COLUMN shadow_decision text CHECK (shadow_decision IN ('APPROVE', 'REVIEW', 'BLOCK'))`,
  // modelComparison reads a window of scored_at among shadow-scored transactions only; the partial
  // index stays empty while no challenger runs and carries what the aggregate groups by, so the
  // window is read from the index with one heap visit per row at most.
  `CREATE INDEX transactions_enriched_shadow_by_scored ON transactions_enriched (scored_at)
     INCLUDE (model_version, shadow_model_version, decision, shadow_decision, label, amount)
     WHERE shadow_decision IS NOT NULL`,
];
