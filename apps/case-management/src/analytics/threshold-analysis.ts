// Threshold trade-offs from labelled outcomes (dispositions and chargebacks): for each candidate
// threshold t, the labelled transactions scored >= t are the alerts it would raise. Pure.
// confusionFigures (precision, recall, expected cost of a confusion matrix) is shared with the
// champion / challenger comparison (model-registry/compare-models).
// (libs/ml has a sweep too, not exported from '#ml' yet; this one is the API's, on label rows.)
export interface LabelledScore {
  readonly riskScore: number;
  readonly isFraud: boolean;
}

export interface ThresholdRow {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** TP / (TP + FP); null when the threshold raises no alert. */
  readonly precision: number | null;
  /** TP / (TP + FN); null when there is no fraud among the labels. */
  readonly recall: number | null;
  readonly alertVolume: number;
  readonly expectedCost: number;
}

export interface UnitCosts {
  readonly falsePositiveCost: number;
  readonly falseNegativeCost: number;
}

/** Alerts against labels: alerted fraud (TP), alerted legitimate (FP), missed fraud (FN), quiet legitimate (TN). */
export interface Confusion {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
}

export interface ConfusionFigures {
  /** TP / (TP + FP); null without alerts. */
  readonly precision: number | null;
  /** TP / (TP + FN); null when there is no fraud among the labels. */
  readonly recall: number | null;
  /** Labelled alerts: TP + FP. */
  readonly alertVolume: number;
  /** FP * falsePositiveCost + FN * falseNegativeCost. */
  readonly expectedCost: number;
}

/** What a confusion matrix says, at the given unit costs: the one definition the API uses. */
export function confusionFigures(confusion: Confusion, costs: UnitCosts): ConfusionFigures {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion;
  return {
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    alertVolume: tp + fp,
    expectedCost: fp * costs.falsePositiveCost + fn * costs.falseNegativeCost,
  };
}

/** 0.00, 0.05, ..., 1.00, built from integers so 0.15 is 0.15 and not 0.15000000000000002. */
export const STANDARD_STEPS: readonly number[] = Array.from({ length: 21 }, (_, k) => k / 20);

export function analyseThresholds(
  labels: readonly LabelledScore[],
  costs: UnitCosts,
  thresholds: readonly number[] = STANDARD_STEPS,
): ThresholdRow[] {
  return thresholds.map((threshold) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    for (const { riskScore, isFraud } of labels) {
      const alerted = riskScore >= threshold;
      if (alerted && isFraud) tp += 1;
      else if (alerted) fp += 1;
      else if (isFraud) fn += 1;
      else tn += 1;
    }
    const confusion = { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn };
    return { threshold, ...confusion, ...confusionFigures(confusion, costs) };
  });
}

/**
 * Population stability index of `actual` against `expected`, both as counts over the same bins:
 * sum((a - e) * ln(a / e)) over bin shares, with empty bins floored at 1e-4 so a bin that emptied
 * counts as a large shift instead of an infinity. < 0.1 stable, 0.1-0.25 moderate, > 0.25 major.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length || expected.length === 0) {
    throw new Error(
      `PSI needs two histograms over the same bins (got ${expected.length} and ${actual.length})`,
    );
  }
  const total = (counts: readonly number[]) => counts.reduce((sum, count) => sum + count, 0);
  const [e, a] = [total(expected), total(actual)];
  if (e === 0 || a === 0) return 0;
  const floor = 1e-4;
  return expected.reduce((psi, count, bin) => {
    const pe = Math.max(count / e, floor);
    const pa = Math.max((actual[bin] ?? 0) / a, floor);
    return psi + (pa - pe) * Math.log(pa / pe);
  }, 0);
}
