// compareModels and comparisonRequest: given the aggregate's cells (or the arguments), then the figures.
import type { Decision } from '#domain';
import { comparisonRequest, DEFAULT_COSTS, MAX_WINDOW_DAYS } from './comparison-request.js';
import { amountUnits, compareModels, type ComparisonCell } from './model-comparison.js';

const cell = (
  championDecision: Decision,
  challengerDecision: Decision,
  label: 'fraud' | 'legit' | null,
  transactions: number,
  amount: string,
  versions: [string, string] = ['v1', 'v2'],
): ComparisonCell => ({
  championVersion: versions[0],
  challengerVersion: versions[1],
  championDecision,
  challengerDecision,
  label,
  transactions,
  amount,
});
const costs = { falsePositiveCost: 2, falseNegativeCost: 50 };

describe('compareModels', () => {
  // v1 alerts the 3 frauds and 4 legitimate ones; v2 catches 2 frauds of 3 with 1 false positive.
  const cells = [
    cell('BLOCK', 'BLOCK', 'fraud', 2, '300.1000'),
    cell('REVIEW', 'APPROVE', 'fraud', 1, '50.0000'),
    cell('REVIEW', 'APPROVE', 'legit', 3, '30.0000'),
    cell('BLOCK', 'REVIEW', 'legit', 1, '0.2000'),
    cell('APPROVE', 'APPROVE', null, 10, '1000.0000'),
    cell('APPROVE', 'BLOCK', null, 2, '20.0500'),
  ];

  it('given one pair, then volumes, alerts and blocks of each side over the same transactions', () => {
    const [pair] = compareModels(cells, costs);
    expect(pair).toMatchObject({ championVersion: 'v1', challengerVersion: 'v2', transactions: 19 });
    expect(pair!.champion).toMatchObject({
      version: 'v1',
      transactions: 19,
      alerts: 7,
      reviewed: 4,
      blocked: 3,
      blockedAmount: 300.3,
    });
    expect(pair!.champion.alertRate).toBeCloseTo(7 / 19, 12);
    expect(pair!.challenger).toMatchObject({ alerts: 5, reviewed: 1, blocked: 4, blockedAmount: 320.15 });
  });

  it('given labels, then the confusion, precision, recall and expected cost of each side', () => {
    const [pair] = compareModels(cells, costs);
    expect(pair!.champion.labels).toEqual({
      labelled: 7,
      frauds: 3,
      truePositives: 3,
      falsePositives: 4,
      falseNegatives: 0,
      trueNegatives: 0,
      precision: 3 / 7,
      recall: 1,
      alertVolume: 7,
      expectedCost: 4 * 2,
    });
    expect(pair!.challenger.labels).toMatchObject({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 3,
      precision: 2 / 3,
      recall: 2 / 3,
      expectedCost: 1 * 2 + 1 * 50,
    });
  });

  it('given both decisions, then agreement and all nine cells of the decision matrix', () => {
    const [pair] = compareModels(cells, costs);
    expect(pair!.agreements).toBe(12);
    expect(pair!.agreementRate).toBeCloseTo(12 / 19, 12);
    expect(pair!.decisions).toHaveLength(9);
    const at = (champion: Decision, challenger: Decision) =>
      pair!.decisions.find((d) => d.champion === champion && d.challenger === challenger)?.transactions;
    expect([
      at('BLOCK', 'BLOCK'),
      at('REVIEW', 'APPROVE'),
      at('BLOCK', 'REVIEW'),
      at('REVIEW', 'BLOCK'),
    ]).toEqual([2, 4, 1, 0]);
  });

  it('given two champions in the window (a promotion), then one comparison per pair, the busiest first', () => {
    const pairs = compareModels(
      [...cells, cell('APPROVE', 'APPROVE', null, 4, '4.0000', ['v0', 'v2'])],
      costs,
    );
    expect(pairs.map((p) => [p.championVersion, p.challengerVersion, p.transactions])).toEqual([
      ['v1', 'v2', 19],
      ['v0', 'v2', 4],
    ]);
  });

  it('given no labels and no alerts, then precision and recall are null, not zero', () => {
    const [pair] = compareModels([cell('APPROVE', 'APPROVE', null, 5, '5.0000')], costs);
    expect(pair!.champion.labels).toMatchObject({
      labelled: 0,
      precision: null,
      recall: null,
      expectedCost: 0,
    });
  });

  it('sums money exactly in units of 1e-4', () => {
    expect(amountUnits('0.1000') + amountUnits('0.2000')).toBe(3000n);
    expect(amountUnits('12')).toBe(120_000n);
    expect(() => amountUnits('abc')).toThrow(/Not a numeric amount/);
  });
});

describe('comparisonRequest', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');

  it('defaults to the last 7 days and the console costs', () => {
    const request = comparisonRequest({}, now);
    expect(request.to).toEqual(now);
    expect(request.from.toISOString()).toBe('2026-11-18T12:00:00.000Z');
    expect(request.costs).toEqual(DEFAULT_COSTS);
  });

  it('refuses an inverted window, naming both ends', () => {
    expect(() =>
      comparisonRequest({ from: '2026-11-25T00:00:00Z', to: '2026-11-24T00:00:00Z' }, now),
    ).toThrow(/from \(2026-11-25T00:00:00.000Z\) must be before to \(2026-11-24T00:00:00.000Z\)/);
  });

  it('refuses a window longer than the limit, and text that is not an instant', () => {
    expect(() => comparisonRequest({ from: '2025-01-01T00:00:00Z' }, now)).toThrow(
      new RegExp(`compare at most ${MAX_WINDOW_DAYS} days`),
    );
    expect(() => comparisonRequest({ from: 'yesterday' }, now)).toThrow(/from must be an ISO-8601 instant/);
  });

  it('refuses a negative cost, naming it', () => {
    expect(() => comparisonRequest({ falseNegativeCost: -1 }, now)).toThrow(
      /falseNegativeCost must be a number >= 0/,
    );
  });
});
