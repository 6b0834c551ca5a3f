// AlertView (folded from events) -> the GraphQL Alert.
import { Alert } from './alert.model.js';
import type { AlertView } from './alert-view.js';

export function toAlert(view: AlertView): Alert {
  return Object.assign(new Alert(), {
    id: view.alertId,
    status: view.status,
    transactionId: view.transactionId,
    customerId: view.customerId,
    merchantId: view.merchantId,
    riskScore: view.riskScore,
    decision: view.decision,
    amount: view.amount,
    currency: view.currency,
    reasons: [...view.reasons],
    raisedAt: view.raisedAt,
    assignee: view.assignee,
    disposition: view.disposition,
    version: view.version,
    updatedAt: view.updatedAt,
    timelineEntries: view.timeline.map((entry) => ({ ...entry })),
    notesList: view.notes.map((note) => ({ ...note })),
  });
}
