// The comparison's one aggregate: shadow-scored transactions scored in [from, to), grouped by both
// versions, both decisions and the label. At most 27 rows per (champion, challenger) pair; read
// through the partial index transactions_enriched_shadow_by_scored (read-model migration 2).
import type pg from 'pg';
import type { Decision } from '#domain';
import type { ComparisonCell } from './model-comparison.js';

export const COMPARISON_SQL = `
  SELECT model_version, shadow_model_version, decision, shadow_decision, label,
         count(*)::int AS transactions, coalesce(sum(amount), 0)::text AS amount
    FROM transactions_enriched
   WHERE shadow_decision IS NOT NULL AND scored_at >= $1 AND scored_at < $2
     AND decision IS NOT NULL AND model_version IS NOT NULL
   GROUP BY model_version, shadow_model_version, decision, shadow_decision, label`;

interface CellRow {
  model_version: string;
  shadow_model_version: string;
  decision: Decision;
  shadow_decision: Decision;
  label: 'fraud' | 'legit' | null;
  transactions: number;
  amount: string;
}

export async function comparisonCells(pool: pg.Pool, from: Date, to: Date): Promise<ComparisonCell[]> {
  const { rows } = await pool.query<CellRow>({
    name: 'model-comparison',
    text: COMPARISON_SQL,
    values: [from, to],
  });
  return rows.map((row) => ({
    championVersion: row.model_version,
    challengerVersion: row.shadow_model_version,
    championDecision: row.decision,
    challengerDecision: row.shadow_decision,
    label: row.label,
    transactions: row.transactions,
    amount: row.amount,
  }));
}
