// What may happen to an alert, and who may do it. Pure: time and actor come in the command.
import { type Actor, actorId, isSupervisor, type Person } from '../shared/actor.js';
import type { Decider } from '../shared/decider.js';
import { forbidden, invalidInput, invalidState, notFound } from '../shared/domain-error.js';
import { requiredText } from '../shared/text.js';
import { type AlertEvent, type Disposition, DISPOSITIONS } from './alert.events.js';
import { type AlertState, evolveAlert, initialAlertState } from './alert.state.js';

type Raised = Extract<AlertEvent, { type: 'AlertRaised' }>['data'];

export type AlertCommand =
  | { readonly type: 'RaiseAlert'; readonly data: Raised; readonly actor: Actor }
  | { readonly type: 'ClaimAlert'; readonly actor: Person; readonly now: string }
  | { readonly type: 'UnassignAlert'; readonly actor: Person; readonly now: string }
  | { readonly type: 'AddAlertNote'; readonly note: string; readonly actor: Person; readonly now: string }
  | { readonly type: 'EscalateAlert'; readonly reason: string; readonly actor: Person; readonly now: string }
  | {
      readonly type: 'ResolveAlert';
      readonly disposition: Disposition;
      readonly note: string;
      readonly actor: Person;
      readonly now: string;
    }
  | { readonly type: 'ReopenAlert'; readonly reason: string; readonly actor: Person; readonly now: string };

type Existing = Exclude<AlertState, { status: 'NONE' }>;

function existing(state: AlertState): Existing {
  if (state.status === 'NONE') throw notFound('No such alert: check the alert id');
  return state;
}

const isAssignee = (state: Existing, actor: Person) => state.assignee === actor.id;

function mustBeAssigneeOrSupervisor(state: Existing, actor: Person, action: string): void {
  if (!isAssignee(state, actor) && !isSupervisor(actor)) {
    throw forbidden(
      `Only the assignee (${state.assignee ?? 'nobody'}) or a supervisor may ${action} this alert`,
    );
  }
}

export function decideAlert(command: AlertCommand, state: AlertState): AlertEvent[] {
  if (command.type === 'RaiseAlert') {
    if (state.status !== 'NONE') throw invalidState(`Alert ${command.data.alertId} was already raised`);
    return [{ type: 'AlertRaised', data: command.data }];
  }
  const alert = existing(state);
  const { actor, now } = command;
  const alertId = alert.alertId;
  switch (command.type) {
    case 'ClaimAlert': {
      if (alert.status === 'IN_REVIEW') {
        throw invalidState(
          alert.assignee === actor.id
            ? 'You have already claimed this alert'
            : `Alert is already claimed by ${alert.assignee ?? 'someone'}; ask them or a supervisor to unassign it`,
        );
      }
      if (alert.status === 'RESOLVED') throw invalidState('Alert is resolved; a supervisor can reopen it');
      if (alert.status === 'ESCALATED' && !isSupervisor(actor)) {
        throw forbidden('Alert is escalated: only a supervisor may claim it');
      }
      return [{ type: 'AlertClaimed', data: { alertId, assignee: actor.id, claimedAt: now } }];
    }
    case 'UnassignAlert': {
      if (alert.status !== 'IN_REVIEW' || alert.assignee === null) {
        throw invalidState(`Alert is ${alert.status}, not claimed: there is nobody to unassign`);
      }
      mustBeAssigneeOrSupervisor(alert, actor, 'unassign');
      return [
        {
          type: 'AlertUnassigned',
          data: { alertId, previousAssignee: alert.assignee, by: actor.id, at: now },
        },
      ];
    }
    case 'AddAlertNote':
      return [
        {
          type: 'AlertNoteAdded',
          data: { alertId, note: requiredText('note', command.note), author: actor.id, at: now },
        },
      ];
    case 'EscalateAlert': {
      const reason = requiredText('reason', command.reason);
      if (alert.status === 'ESCALATED') throw invalidState('Alert is already escalated');
      if (alert.status === 'RESOLVED') throw invalidState('Alert is resolved; a supervisor can reopen it');
      if (alert.status === 'IN_REVIEW') mustBeAssigneeOrSupervisor(alert, actor, 'escalate');
      return [{ type: 'AlertEscalated', data: { alertId, reason, by: actor.id, at: now } }];
    }
    case 'ResolveAlert': {
      if (!DISPOSITIONS.includes(command.disposition)) {
        throw invalidInput(`disposition must be one of ${DISPOSITIONS.join(', ')}`);
      }
      const note = requiredText('note', command.note);
      if (alert.status === 'RESOLVED')
        throw invalidState(`Alert is already resolved as ${alert.disposition ?? '?'}`);
      if (alert.status === 'OPEN' && !isSupervisor(actor))
        throw invalidState('Claim the alert before resolving it');
      if (alert.status === 'ESCALATED' && !isSupervisor(actor)) {
        throw forbidden('Alert is escalated: only a supervisor may resolve it');
      }
      if (alert.status === 'IN_REVIEW') mustBeAssigneeOrSupervisor(alert, actor, 'resolve');
      return [
        {
          type: 'AlertResolved',
          data: { alertId, disposition: command.disposition, note, by: actorId(actor), resolvedAt: now },
        },
      ];
    }
    case 'ReopenAlert': {
      const reason = requiredText('reason', command.reason);
      if (!isSupervisor(actor)) throw forbidden('Only a supervisor may reopen an alert');
      if (alert.status !== 'RESOLVED')
        throw invalidState(`Alert is ${alert.status}: only a resolved alert can be reopened`);
      return [{ type: 'AlertReopened', data: { alertId, reason, by: actor.id, at: now } }];
    }
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export const alertDecider: Decider<AlertCommand, AlertEvent, AlertState> = {
  initialState: initialAlertState,
  decide: decideAlert,
  evolve: evolveAlert,
};
