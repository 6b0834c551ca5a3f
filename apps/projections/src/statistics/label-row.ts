// A labels row from a transaction's state: ground truth (chargeback wins over the analyst's
// disposition) next to the score it had, for threshold analysis. No label, no row.
import type { TransactionRow } from '../transactions/transaction-row.js';

export interface LabelTableRow {
  readonly transaction_id: string;
  readonly customer_id: string | null;
  readonly amount: number | null;
  readonly risk_score: number | null;
  readonly decision: string | null;
  readonly model_version: string | null;
  readonly source: 'disposition' | 'chargeback';
  readonly is_fraud: boolean;
  readonly labelled_at: string;
  readonly occurred_at: string | null;
}

export function labelRow(row: TransactionRow): LabelTableRow | undefined {
  if (row.label === null) return undefined;
  const byChargeback = row.chargeback && row.chargeback_at !== null;
  const labelledAt = byChargeback ? row.chargeback_at : row.disposition_at;
  if (labelledAt === null) return undefined;
  return {
    transaction_id: row.transaction_id,
    customer_id: row.customer_id,
    amount: row.amount,
    risk_score: row.risk_score,
    decision: row.decision,
    model_version: row.model_version,
    source: byChargeback ? 'chargeback' : 'disposition',
    is_fraud: row.label === 'fraud',
    labelled_at: labelledAt,
    occurred_at: row.occurred_at,
  };
}
