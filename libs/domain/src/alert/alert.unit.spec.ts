import type { Person } from '../shared/actor.js';
import { specFor } from '../shared/decider.spec-helpers.js';
import type { AlertEvent } from './alert.events.js';
import { alertDecider } from './alert.decide.js';

const { given } = specFor(alertDecider);
const now = '2026-11-25T10:00:00.000Z';
const alice: Person = { id: 'alice', role: 'analyst' };
const bob: Person = { id: 'bob', role: 'analyst' };
const sue: Person = { id: 'sue', role: 'supervisor' };
const alertId = 'a-1';

const raised: AlertEvent = {
  type: 'AlertRaised',
  data: {
    alertId,
    transactionId: 't-1',
    customerId: 'c-1',
    merchantId: 'm-1',
    riskScore: 0.91,
    decision: 'BLOCK',
    amount: 950,
    currency: 'EUR',
    reasons: ['first transaction in this country'],
    raisedAt: now,
  },
};
const claimedBy = (assignee: string): AlertEvent => ({
  type: 'AlertClaimed',
  data: { alertId, assignee, claimedAt: now },
});
const escalated: AlertEvent = {
  type: 'AlertEscalated',
  data: { alertId, reason: 'large exposure', by: 'alice', at: now },
};
const resolved: AlertEvent = {
  type: 'AlertResolved',
  data: { alertId, disposition: 'FALSE_POSITIVE', note: 'customer confirmed', by: 'alice', resolvedAt: now },
};

describe('Alert', () => {
  describe('raise', () => {
    it('raises a new alert', () => {
      given([]).when({ type: 'RaiseAlert', data: raised.data, actor: 'system' }).then([raised]);
    });
    it('refuses to raise the same alert twice', () => {
      given([raised])
        .when({ type: 'RaiseAlert', data: raised.data, actor: 'system' })
        .thenThrows('INVALID_STATE');
    });
  });

  describe('claim', () => {
    it('an open alert is claimed by the analyst who asks', () => {
      given([raised])
        .when({ type: 'ClaimAlert', actor: alice, now })
        .then([claimedBy('alice')]);
    });
    it('a second claim of a claimed alert is refused, naming the assignee', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'ClaimAlert', actor: bob, now })
        .thenThrows('INVALID_STATE', /already claimed by alice/);
    });
    it('claiming an alert you already hold is refused, not silently ignored', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'ClaimAlert', actor: alice, now })
        .thenThrows('INVALID_STATE', /already claimed/);
    });
    it('an escalated alert can be claimed by a supervisor only', () => {
      given([raised, escalated]).when({ type: 'ClaimAlert', actor: alice, now }).thenThrows('FORBIDDEN');
      given([raised, escalated])
        .when({ type: 'ClaimAlert', actor: sue, now })
        .then([claimedBy('sue')]);
    });
    it('a resolved alert cannot be claimed', () => {
      given([raised, claimedBy('alice'), resolved])
        .when({ type: 'ClaimAlert', actor: bob, now })
        .thenThrows('INVALID_STATE');
    });
    it('a command on an alert that does not exist is NOT_FOUND', () => {
      given([]).when({ type: 'ClaimAlert', actor: alice, now }).thenThrows('NOT_FOUND');
    });
  });

  describe('unassign', () => {
    it('the assignee hands a claimed alert back to the queue', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'UnassignAlert', actor: alice, now })
        .then([
          { type: 'AlertUnassigned', data: { alertId, previousAssignee: 'alice', by: 'alice', at: now } },
        ]);
    });
    it('a supervisor may unassign anyone', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'UnassignAlert', actor: sue, now })
        .then([
          { type: 'AlertUnassigned', data: { alertId, previousAssignee: 'alice', by: 'sue', at: now } },
        ]);
    });
    it('another analyst may not unassign the assignee', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'UnassignAlert', actor: bob, now })
        .thenThrows('FORBIDDEN');
    });
    it('an unclaimed alert cannot be unassigned', () => {
      given([raised]).when({ type: 'UnassignAlert', actor: sue, now }).thenThrows('INVALID_STATE');
    });
  });

  describe('notes', () => {
    it('anyone may add a note, trimmed', () => {
      given([raised])
        .when({ type: 'AddAlertNote', note: '  called the customer  ', actor: bob, now })
        .then([
          { type: 'AlertNoteAdded', data: { alertId, note: 'called the customer', author: 'bob', at: now } },
        ]);
    });
    it('an empty note is refused', () => {
      given([raised])
        .when({ type: 'AddAlertNote', note: '   ', actor: bob, now })
        .thenThrows('BAD_USER_INPUT', /note is required/);
    });
    it('an oversized note is refused with the limit', () => {
      given([raised])
        .when({ type: 'AddAlertNote', note: 'x'.repeat(4001), actor: bob, now })
        .thenThrows('BAD_USER_INPUT', /at most 4000/);
    });
  });

  describe('escalate', () => {
    it('the assignee escalates with a reason', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'EscalateAlert', reason: 'large exposure', actor: alice, now })
        .then([escalated]);
    });
    it('another analyst may not escalate a claimed alert', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'EscalateAlert', reason: 'x', actor: bob, now })
        .thenThrows('FORBIDDEN');
    });
    it('escalation needs a reason', () => {
      given([raised])
        .when({ type: 'EscalateAlert', reason: '', actor: alice, now })
        .thenThrows('BAD_USER_INPUT');
    });
    it('an escalated alert cannot be escalated again', () => {
      given([raised, escalated])
        .when({ type: 'EscalateAlert', reason: 'again', actor: sue, now })
        .thenThrows('INVALID_STATE');
    });
  });

  describe('resolve', () => {
    it('the assignee resolves with a disposition and a note', () => {
      given([raised, claimedBy('alice')])
        .when({
          type: 'ResolveAlert',
          disposition: 'FALSE_POSITIVE',
          note: 'customer confirmed',
          actor: alice,
          now,
        })
        .then([resolved]);
    });
    it('only the assignee or a supervisor resolves a claimed alert', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'ResolveAlert', disposition: 'CONFIRMED_FRAUD', note: 'n', actor: bob, now })
        .thenThrows('FORBIDDEN', /Only the assignee \(alice\) or a supervisor/);
    });
    it('an analyst must claim before resolving', () => {
      given([raised])
        .when({ type: 'ResolveAlert', disposition: 'CONFIRMED_FRAUD', note: 'n', actor: alice, now })
        .thenThrows('INVALID_STATE', /Claim the alert/);
    });
    it('a supervisor resolves an escalated alert; an analyst may not', () => {
      given([raised, escalated])
        .when({ type: 'ResolveAlert', disposition: 'CONFIRMED_FRAUD', note: 'n', actor: alice, now })
        .thenThrows('FORBIDDEN');
      given([raised, escalated])
        .when({ type: 'ResolveAlert', disposition: 'CONFIRMED_FRAUD', note: 'card stolen', actor: sue, now })
        .then([
          {
            type: 'AlertResolved',
            data: {
              alertId,
              disposition: 'CONFIRMED_FRAUD',
              note: 'card stolen',
              by: 'sue',
              resolvedAt: now,
            },
          },
        ]);
    });
    it('a note is required', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'ResolveAlert', disposition: 'INCONCLUSIVE', note: ' ', actor: alice, now })
        .thenThrows('BAD_USER_INPUT');
    });
    it('an unknown disposition is refused with the allowed values', () => {
      given([raised, claimedBy('alice')])
        .when({ type: 'ResolveAlert', disposition: 'MAYBE' as never, note: 'n', actor: alice, now })
        .thenThrows('BAD_USER_INPUT', /CONFIRMED_FRAUD, FALSE_POSITIVE, INCONCLUSIVE/);
    });
    it('a resolved alert cannot be resolved again', () => {
      given([raised, claimedBy('alice'), resolved])
        .when({ type: 'ResolveAlert', disposition: 'CONFIRMED_FRAUD', note: 'n', actor: sue, now })
        .thenThrows('INVALID_STATE', /already resolved as FALSE_POSITIVE/);
    });
  });

  describe('reopen', () => {
    it('a supervisor reopens a resolved alert into the queue', () => {
      given([raised, claimedBy('alice'), resolved])
        .when({ type: 'ReopenAlert', reason: 'chargeback arrived', actor: sue, now })
        .then([
          { type: 'AlertReopened', data: { alertId, reason: 'chargeback arrived', by: 'sue', at: now } },
        ]);
    });
    it('an analyst may not reopen', () => {
      given([raised, claimedBy('alice'), resolved])
        .when({ type: 'ReopenAlert', reason: 'r', actor: alice, now })
        .thenThrows('FORBIDDEN');
    });
    it('only a resolved alert can be reopened', () => {
      given([raised]).when({ type: 'ReopenAlert', reason: 'r', actor: sue, now }).thenThrows('INVALID_STATE');
    });
    it('a reopened alert can be claimed again', () => {
      given([
        raised,
        claimedBy('alice'),
        resolved,
        { type: 'AlertReopened', data: { alertId, reason: 'r', by: 'sue', at: now } },
      ])
        .when({ type: 'ClaimAlert', actor: bob, now })
        .then([claimedBy('bob')]);
    });
  });
});
