import { analyseThresholds, populationStabilityIndex, STANDARD_STEPS } from './threshold-analysis.js';

// Ten labelled transactions: four frauds (0.95, 0.85, 0.6, 0.3), six legitimate (0.9, 0.7, 0.55, 0.4, 0.2, 0.1).
const labels = [
  { riskScore: 0.95, isFraud: true },
  { riskScore: 0.85, isFraud: true },
  { riskScore: 0.6, isFraud: true },
  { riskScore: 0.3, isFraud: true },
  { riskScore: 0.9, isFraud: false },
  { riskScore: 0.7, isFraud: false },
  { riskScore: 0.55, isFraud: false },
  { riskScore: 0.4, isFraud: false },
  { riskScore: 0.2, isFraud: false },
  { riskScore: 0.1, isFraud: false },
];
const costs = { falsePositiveCost: 5, falseNegativeCost: 100 };

describe('threshold analysis', () => {
  it('given a fixed labelled set, when analysed at 0.5, then it matches the hand-computed confusion matrix', () => {
    // >= 0.5: frauds 0.95 0.85 0.6 (TP 3); legit 0.9 0.7 0.55 (FP 3); fraud 0.3 missed (FN 1); TN 3.
    const [row] = analyseThresholds(labels, costs, [0.5]);
    expect(row).toEqual({
      threshold: 0.5,
      truePositives: 3,
      falsePositives: 3,
      falseNegatives: 1,
      trueNegatives: 3,
      precision: 0.5,
      recall: 0.75,
      alertVolume: 6,
      expectedCost: 3 * 5 + 1 * 100,
    });
  });

  it('at 0.8 fewer alerts are raised: precision 2/3, recall 1/2, cost 1 FP + 2 FN', () => {
    const [row] = analyseThresholds(labels, costs, [0.8]);
    expect(row).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 2, trueNegatives: 5 });
    expect(row?.precision).toBeCloseTo(2 / 3);
    expect(row?.recall).toBe(0.5);
    expect(row?.expectedCost).toBe(205);
  });

  it('a threshold above every score raises no alert: precision is null, every fraud is missed', () => {
    const row = analyseThresholds(labels, costs, STANDARD_STEPS).at(-1);
    expect(row).toMatchObject({
      threshold: 1,
      alertVolume: 0,
      precision: null,
      recall: 0,
      expectedCost: 400,
    });
  });

  it('sweeps 0.00 to 1.00 in steps of 0.05, exactly', () => {
    expect(STANDARD_STEPS).toHaveLength(21);
    expect(STANDARD_STEPS[3]).toBe(0.15);
  });
});

describe('population stability index', () => {
  it('is zero for identical distributions', () => {
    expect(populationStabilityIndex([10, 20, 30], [1, 2, 3])).toBe(0);
  });

  it('matches the hand-computed value for a shifted distribution', () => {
    // shares 0.5/0.5 vs 0.25/0.75: (0.25-0.5)ln(0.5) + (0.75-0.5)ln(1.5)
    const expected = -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5);
    expect(populationStabilityIndex([50, 50], [25, 75])).toBeCloseTo(expected, 12);
  });

  it('refuses histograms over different bins', () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2, 3])).toThrow(/same bins/);
  });
});
