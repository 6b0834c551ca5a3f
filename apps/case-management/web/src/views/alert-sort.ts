// How the queue is ordered: by expected loss (score × amount, what a missed fraud would cost), by age
// (oldest first, what an SLA cares about) or by score. The server pages newest first; the console
// orders what it has loaded.
import type { AlertSummary } from '../api/operations.js';

export const SORTS = [
  { id: 'loss', label: 'Expected loss (score × amount)' },
  { id: 'age', label: 'Age (oldest first)' },
  { id: 'score', label: 'Risk score' },
] as const;
export type SortId = (typeof SORTS)[number]['id'];

export const expectedLoss = (alert: Pick<AlertSummary, 'riskScore' | 'amount'>): number =>
  alert.riskScore * alert.amount;

export function sortAlerts(alerts: readonly AlertSummary[], by: SortId): AlertSummary[] {
  const byId = (a: AlertSummary, b: AlertSummary) => a.id.localeCompare(b.id);
  const order: Record<SortId, (a: AlertSummary, b: AlertSummary) => number> = {
    loss: (a, b) => expectedLoss(b) - expectedLoss(a) || byId(a, b),
    age: (a, b) => a.raisedAt.localeCompare(b.raisedAt) || byId(a, b),
    score: (a, b) => b.riskScore - a.riskScore || byId(a, b),
  };
  return [...alerts].sort(order[by]);
}

/** Merges a live alert into the loaded list: replaces its older version, or adds it when it matches. */
export function mergeAlert(
  alerts: readonly AlertSummary[],
  alert: AlertSummary,
  matches: (a: AlertSummary) => boolean,
): AlertSummary[] {
  const rest = alerts.filter((a) => a.id !== alert.id);
  const known = alerts.find((a) => a.id === alert.id);
  if (known && known.version > alert.version) return [...alerts];
  return matches(alert) ? [alert, ...rest] : rest;
}
