// Migration 5: fraud_alerts keeps the indexes its one query reads. The alert list pages newest first
// (`ORDER BY opened_at DESC, alert_id DESC`, by status through `(status, opened_at DESC, ...)`, by
// assignee, by customer); the console orders the page it loaded by expected loss, age or score
// (apps/case-management/web/src/views/alert-sort.ts). No statement read the three indexes ordered
// by expected loss or by score, and every alert written (each claim, escalation, resolution:
// updates that change indexed columns) kept them up. An ordering on the server would come back with
// its index. Dropping them is immediate.
export const alertIndexesReadV5: readonly string[] = [
  'DROP INDEX fraud_alerts_by_loss',
  'DROP INDEX fraud_alerts_by_status_loss',
  'DROP INDEX fraud_alerts_by_score',
];

export const alertIndexesReadV5Down: readonly string[] = [
  'CREATE INDEX fraud_alerts_by_loss ON fraud_alerts (expected_loss DESC, alert_id DESC)',
  'CREATE INDEX fraud_alerts_by_status_loss ON fraud_alerts (status, expected_loss DESC, alert_id DESC)',
  'CREATE INDEX fraud_alerts_by_score ON fraud_alerts (risk_score DESC, alert_id DESC)',
];
