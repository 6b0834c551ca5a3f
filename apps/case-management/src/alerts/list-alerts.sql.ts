// The alert queue from fraud_alerts: newest first, keyset pagination on (opened_at, alert_id), the
// cursor being that pair, base64url-encoded. Filters are parameters, never concatenated text.
import type pg from 'pg';
import { ApiError } from '../graphql/api-error.js';
import { Alert, type AlertConnection } from './alert.model.js';
import type { AlertFilter } from './alert-queries.resolver.js';

interface AlertRow {
  alert_id: string;
  transaction_id: string;
  customer_id: string;
  merchant_id: string;
  amount: string;
  currency: string;
  risk_score: number;
  decision: string;
  reasons: unknown;
  status: Alert['status'];
  assignee: string | null;
  disposition: Alert['disposition'];
  opened_at: Date;
  version: number;
  updated_at: Date;
}

export const encodeCursor = (openedAt: Date, alertId: string): string =>
  Buffer.from(JSON.stringify([openedAt.toISOString(), alertId])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // fall through to the error below: the cursor is not one we gave out
  }
  throw new ApiError(
    'BAD_USER_INPUT',
    'after is not a cursor from this API: pass pageInfo.endCursor of the previous page',
  );
}

const reasonsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((reason: unknown) => {
        if (typeof reason === 'string') return reason;
        const description = (reason as { description?: unknown } | null)?.description;
        return typeof description === 'string' ? description : JSON.stringify(reason);
      })
    : [];

export function rowToAlert(row: AlertRow): Alert {
  return Object.assign(new Alert(), {
    id: row.alert_id,
    status: row.status,
    transactionId: row.transaction_id,
    customerId: row.customer_id,
    merchantId: row.merchant_id,
    riskScore: row.risk_score,
    decision: row.decision,
    amount: Number(row.amount),
    currency: row.currency,
    reasons: reasonsOf(row.reasons),
    raisedAt: row.opened_at.toISOString(),
    assignee: row.assignee,
    disposition: row.disposition,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  });
}

export async function listAlerts(
  pool: pg.Pool,
  filter: AlertFilter,
  first: number,
  after: string | null,
): Promise<AlertConnection> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status?.length) where.push(`status = ANY(${param(filter.status)}::text[])`);
  if (filter.minScore !== null && filter.minScore !== undefined) {
    if (!(filter.minScore >= 0 && filter.minScore <= 1)) {
      throw new ApiError('BAD_USER_INPUT', `filter.minScore must be in [0, 1], got ${filter.minScore}`);
    }
    where.push(`risk_score >= ${param(filter.minScore)}`);
  }
  if (filter.assignee) where.push(`assignee = ${param(filter.assignee)}`);
  if (filter.customerId) where.push(`customer_id = ${param(filter.customerId)}`);
  if (after) {
    const [openedAt, alertId] = decodeCursor(after);
    where.push(`(opened_at, alert_id) < (${param(openedAt)}::timestamptz, ${param(alertId)})`);
  }
  const sql = `SELECT alert_id, transaction_id, customer_id, merchant_id, amount, currency, risk_score, decision,
      reasons, status, assignee, disposition, opened_at, version, updated_at
    FROM fraud_alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY opened_at DESC, alert_id DESC LIMIT ${param(first + 1)}`;
  const { rows } = await pool.query<AlertRow>(sql, params);
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    edges: page.map((row) => ({ cursor: encodeCursor(row.opened_at, row.alert_id), node: rowToAlert(row) })),
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor(last.opened_at, last.alert_id) : null,
    },
  };
}
