import { populationStabilityIndex, quantileEdges, scoreHistogram } from './drift.js';
import { prAuc, rocAuc, thresholdSweep } from './metrics.js';
import { chooseThresholds } from './thresholds.js';

describe('rocAuc', () => {
  it('is the share of (fraud, legitimate) pairs ranked correctly: 3 of 4 here', () => {
    expect(rocAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(0.75, 12);
  });
  it('counts a tie between a fraud and a legitimate score as half a win', () => {
    expect(rocAuc([0.5, 0.5, 0.1], [1, 0, 0])).toBeCloseTo(0.75, 12);
  });
  it('is NaN when one class is missing, rather than a misleading number', () => {
    expect(rocAuc([0.2, 0.3], [0, 0])).toBeNaN();
  });
  it('refuses scores and labels of different lengths', () => {
    expect(() => rocAuc([0.1], [1, 0])).toThrow(/one label per score/);
  });
});

describe('prAuc (average precision)', () => {
  it('sums precision at each recall step: 0.5·1 + 0.5·2/3', () => {
    expect(prAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(0.5 + 1 / 3, 12);
  });
  it('treats tied scores as one step, whatever their order', () => {
    expect(prAuc([0.9, 0.9, 0.1], [0, 1, 0])).toBeCloseTo(0.5, 12);
    expect(prAuc([0.9, 0.9, 0.1], [1, 0, 0])).toBeCloseTo(0.5, 12);
  });
  it('is 1 for a perfect ranking', () => {
    expect(prAuc([0.9, 0.8, 0.1, 0.05], [1, 1, 0, 0])).toBe(1);
  });
});

describe('thresholdSweep', () => {
  it('gives the confusion counts, precision, recall, F1 and cost per 1,000 at each threshold', () => {
    const [point] = thresholdSweep([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0], [0.75], {
      falsePositive: 1,
      falseNegative: 10,
    });
    expect(point).toEqual({
      threshold: 0.75,
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 1,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      flaggedShare: 0.5,
      costPer1000: 2750,
    });
  });
});

describe('chooseThresholds', () => {
  it('puts review at the cheapest threshold and block where precision reaches the bar', () => {
    const scores = [0.95, 0.85, 0.6, 0.55, 0.3, 0.2, 0.1];
    const labels = [1, 1, 1, 0, 0, 1, 0];
    const chosen = chooseThresholds(scores, labels, { falsePositive: 1, falseNegative: 5 }, 0.9);
    // Flagging >= 0.2 costs 2 FP = 2; >= 0.31 costs 1 FP + 1 FN = 6; >= 0.56 costs 5: 0.2 is cheapest.
    expect(chosen.review).toBeCloseTo(0.2, 12);
    expect(chosen.block).toBeCloseTo(0.56, 12);
  });
});

describe('drift', () => {
  it('bins scores into 20 equal bins, the top edge included in the last bin', () => {
    const { counts } = scoreHistogram([0, 0.05, 0.5, 1], 20);
    expect(counts[0]).toBe(1);
    expect(counts[1]).toBe(1);
    expect(counts[10]).toBe(1);
    expect(counts[19]).toBe(1);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(4);
  });
  it('computes PSI from bin shares: 0.25·ln 2 + 0.25·ln 1.5', () => {
    expect(populationStabilityIndex([50, 50], [25, 75])).toBeCloseTo(
      0.25 * Math.log(2) + 0.25 * Math.log(1.5),
      12,
    );
  });
  it('is 0 for the same distribution and finite when a bin empties', () => {
    expect(populationStabilityIndex([10, 20, 30], [1, 2, 3])).toBeCloseTo(0, 12);
    expect(Number.isFinite(populationStabilityIndex([10, 10], [20, 0]))).toBe(true);
  });
  it('places quantile edges so each bin of the baseline holds a similar share', () => {
    const values = Array.from({ length: 100 }, (_, k) => k);
    expect(quantileEdges(values, 4)).toEqual([
      Number.NEGATIVE_INFINITY,
      24,
      49,
      74,
      Number.POSITIVE_INFINITY,
    ]);
  });
});
