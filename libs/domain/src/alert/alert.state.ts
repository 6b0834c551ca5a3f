// An alert's state, folded from its events.
import type { AlertEvent, Disposition } from './alert.events.js';

export type AlertStatus = 'OPEN' | 'IN_REVIEW' | 'ESCALATED' | 'RESOLVED';

export type AlertState =
  | { readonly status: 'NONE' }
  | {
      readonly status: AlertStatus;
      readonly alertId: string;
      readonly transactionId: string;
      readonly customerId: string;
      readonly assignee: string | null;
      readonly disposition: Disposition | null;
    };

export const initialAlertState: AlertState = { status: 'NONE' };

export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  if (event.type === 'AlertRaised') {
    const { alertId, transactionId, customerId } = event.data;
    return { status: 'OPEN', alertId, transactionId, customerId, assignee: null, disposition: null };
  }
  if (state.status === 'NONE') return state; // events before AlertRaised cannot exist in a valid stream
  switch (event.type) {
    case 'AlertClaimed':
      return { ...state, status: 'IN_REVIEW', assignee: event.data.assignee };
    case 'AlertUnassigned':
      return { ...state, status: 'OPEN', assignee: null };
    case 'AlertNoteAdded':
      return state;
    case 'AlertEscalated':
      return { ...state, status: 'ESCALATED' };
    case 'AlertResolved':
      return { ...state, status: 'RESOLVED', disposition: event.data.disposition };
    case 'AlertReopened':
      return { ...state, status: 'OPEN', assignee: null, disposition: null };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
