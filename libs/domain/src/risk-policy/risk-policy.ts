// The business' risk policy: review and block thresholds on the model's risk score, changed at run
// time by supervisors on the `risk-policy` stream. Its version is the stream's version.
import { isSupervisor, type Person } from '../shared/actor.js';
import type { Decider } from '../shared/decider.js';
import { forbidden, invalidInput, invalidState } from '../shared/domain-error.js';
import { requiredText } from '../shared/text.js';
import type { Decision } from '../transaction/transaction.js';

export const RISK_POLICY_STREAM = 'risk-policy';

export interface RiskThresholds {
  readonly reviewThreshold: number;
  readonly blockThreshold: number;
}

export type RiskPolicyEvent = {
  readonly type: 'RiskThresholdsChanged';
  readonly data: RiskThresholds & {
    readonly reason: string;
    readonly changedBy: string;
    readonly changedAt: string;
  };
};

/** Thresholds in force before any change is recorded (the model's metadata may suggest others). */
export type RiskPolicyState = RiskThresholds & { readonly changes: number };

export type RiskPolicyCommand = {
  readonly type: 'SetRiskThresholds';
  readonly thresholds: RiskThresholds;
  readonly reason: string;
  readonly actor: Person;
  readonly now: string;
};

export function validateThresholds({ reviewThreshold, blockThreshold }: RiskThresholds): void {
  for (const [name, value] of [
    ['reviewThreshold', reviewThreshold],
    ['blockThreshold', blockThreshold],
  ] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 1)
      throw invalidInput(`${name} must be a number in [0, 1], got ${value}`);
  }
  if (reviewThreshold > blockThreshold) {
    throw invalidInput(`reviewThreshold (${reviewThreshold}) must be <= blockThreshold (${blockThreshold})`);
  }
}

/** APPROVE / REVIEW / BLOCK from a score: a blocked customer's transactions are BLOCK whatever the score. */
export function decideRisk(
  riskScore: number,
  thresholds: RiskThresholds,
  customerBlocked: boolean,
): Decision {
  if (customerBlocked || riskScore >= thresholds.blockThreshold) return 'BLOCK';
  if (riskScore >= thresholds.reviewThreshold) return 'REVIEW';
  return 'APPROVE';
}

export function riskPolicyDecider(
  defaults: RiskThresholds,
): Decider<RiskPolicyCommand, RiskPolicyEvent, RiskPolicyState> {
  return {
    initialState: { ...defaults, changes: 0 },
    evolve: (state, event) => ({
      reviewThreshold: event.data.reviewThreshold,
      blockThreshold: event.data.blockThreshold,
      changes: state.changes + 1,
    }),
    decide: (command, state) => {
      if (!isSupervisor(command.actor)) throw forbidden('Only a supervisor may change the risk thresholds');
      validateThresholds(command.thresholds);
      const reason = requiredText('reason', command.reason);
      const { reviewThreshold, blockThreshold } = command.thresholds;
      if (reviewThreshold === state.reviewThreshold && blockThreshold === state.blockThreshold) {
        throw invalidState(`The thresholds are already review ${reviewThreshold} / block ${blockThreshold}`);
      }
      return [
        {
          type: 'RiskThresholdsChanged',
          data: {
            reviewThreshold,
            blockThreshold,
            reason,
            changedBy: command.actor.id,
            changedAt: command.now,
          },
        },
      ];
    },
  };
}
