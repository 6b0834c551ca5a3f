import type { Person } from '../shared/actor.js';
import { specFor } from '../shared/decider.spec-helpers.js';
import { decideRisk, riskPolicyDecider } from './risk-policy.js';

const now = '2026-11-25T10:00:00.000Z';
const sue: Person = { id: 'sue', role: 'supervisor' };
const alice: Person = { id: 'alice', role: 'analyst' };
const { given } = specFor(riskPolicyDecider({ reviewThreshold: 0.5, blockThreshold: 0.9 }));
const set = (
  reviewThreshold: number,
  blockThreshold: number,
  actor: Person = sue,
  reason = 'tuned on last month',
) =>
  ({
    type: 'SetRiskThresholds',
    thresholds: { reviewThreshold, blockThreshold },
    reason,
    actor,
    now,
  }) as const;

describe('Risk policy', () => {
  describe('decideRisk', () => {
    const thresholds = { reviewThreshold: 0.5, blockThreshold: 0.9 };
    it.each([
      [0.1, 'APPROVE'],
      [0.5, 'REVIEW'],
      [0.89, 'REVIEW'],
      [0.9, 'BLOCK'],
      [1, 'BLOCK'],
    ])('a score of %p is %s', (score, decision) => {
      expect(decideRisk(score, thresholds, false)).toBe(decision);
    });
    it("a blocked customer's transaction is BLOCK whatever the score", () => {
      expect(decideRisk(0.01, thresholds, true)).toBe('BLOCK');
    });
  });

  describe('setRiskThresholds', () => {
    it('a supervisor sets new thresholds with a reason', () => {
      given([])
        .when(set(0.4, 0.8))
        .then([
          {
            type: 'RiskThresholdsChanged',
            data: {
              reviewThreshold: 0.4,
              blockThreshold: 0.8,
              reason: 'tuned on last month',
              changedBy: 'sue',
              changedAt: now,
            },
          },
        ]);
    });
    it('an analyst may not change thresholds', () => {
      given([])
        .when(set(0.4, 0.8, alice))
        .thenThrows('FORBIDDEN');
    });
    it('review must not exceed block', () => {
      given([])
        .when(set(0.9, 0.5))
        .thenThrows('BAD_USER_INPUT', /reviewThreshold \(0.9\) must be <= blockThreshold \(0.5\)/);
    });
    it('thresholds must lie in [0, 1]', () => {
      given([])
        .when(set(-0.1, 0.5))
        .thenThrows('BAD_USER_INPUT', /reviewThreshold must be a number in \[0, 1\]/);
      given([])
        .when(set(0.1, 1.5))
        .thenThrows('BAD_USER_INPUT', /blockThreshold must be a number in \[0, 1\]/);
      given([]).when(set(Number.NaN, 0.5)).thenThrows('BAD_USER_INPUT');
    });
    it('a reason is required', () => {
      given([])
        .when(set(0.4, 0.8, sue, ' '))
        .thenThrows('BAD_USER_INPUT', /reason is required/);
    });
    it('setting the thresholds already in force is refused', () => {
      given([]).when(set(0.5, 0.9)).thenThrows('INVALID_STATE');
    });
  });
});
