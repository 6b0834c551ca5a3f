// Ranking and threshold metrics over (score, label) pairs. Pure functions; ties are handled the
// way the textbooks do (average ranks for ROC-AUC, one step per distinct score for PR-AUC), so the
// numbers do not depend on the order rows happen to arrive in.

export type Labels = ArrayLike<number | boolean>;

function checkInputs(scores: ArrayLike<number>, labels: Labels): { positives: number; negatives: number } {
  if (scores.length !== labels.length) {
    throw new Error(`Got ${scores.length} scores but ${labels.length} labels; pass one label per score.`);
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  return { positives, negatives: labels.length - positives };
}

/** Indices ordered by descending score (stable). */
function byScoreDescending(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** Area under the ROC curve (probability a random fraud outranks a random legitimate one). NaN without both classes. */
export function rocAuc(scores: ArrayLike<number>, labels: Labels): number {
  const { positives, negatives } = checkInputs(scores, labels);
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = byScoreDescending(scores);
  // Walk groups of tied scores from the top; each negative in a group beats 0.5 of the positives tied with it.
  let positivesAbove = 0;
  let wins = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let groupPositives = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      if (labels[order[end]!]) groupPositives++;
      end++;
    }
    const groupNegatives = end - start - groupPositives;
    wins += groupNegatives * (positivesAbove + 0.5 * groupPositives);
    positivesAbove += groupPositives;
    start = end;
  }
  return wins / (positives * negatives);
}

/** Area under the precision-recall curve as average precision: Σ (R_k − R_{k−1}) · P_k over distinct scores. */
export function prAuc(scores: ArrayLike<number>, labels: Labels): number {
  const { positives } = checkInputs(scores, labels);
  if (positives === 0) return Number.NaN;
  const order = byScoreDescending(scores);
  let tp = 0;
  let flagged = 0;
  let area = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let groupPositives = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      if (labels[order[end]!]) groupPositives++;
      end++;
    }
    tp += groupPositives;
    flagged = end;
    area += (groupPositives / positives) * (tp / flagged);
    start = end;
  }
  return area;
}

export interface Costs {
  /** Cost of reviewing a legitimate transaction (analyst time, customer friction). */
  readonly falsePositive: number;
  /** Cost of a fraud let through (average loss). */
  readonly falseNegative: number;
}

export const DEFAULT_COSTS: Costs = { falsePositive: 5, falseNegative: 100 };

export interface ThresholdPoint {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** 1 when nothing is flagged (no false alarm was raised). */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Share of transactions at or above the threshold: the review workload. */
  readonly flaggedShare: number;
  /** (FP · cost_FP + FN · cost_FN) per 1,000 transactions. */
  readonly costPer1000: number;
}

/** A transaction is flagged when its score is >= the threshold. */
export function thresholdSweep(
  scores: ArrayLike<number>,
  labels: Labels,
  thresholds: readonly number[],
  costs: Costs = DEFAULT_COSTS,
): ThresholdPoint[] {
  const { positives } = checkInputs(scores, labels);
  const total = scores.length;
  return thresholds.map((threshold) => {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < total; i++) {
      if (scores[i]! >= threshold) {
        if (labels[i]) tp++;
        else fp++;
      }
    }
    const fn = positives - tp;
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = positives === 0 ? 0 : tp / positives;
    return {
      threshold,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: total - positives - fp,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      flaggedShare: total === 0 ? 0 : (tp + fp) / total,
      costPer1000: total === 0 ? 0 : ((fp * costs.falsePositive + fn * costs.falseNegative) / total) * 1000,
    };
  });
}

/** 0.01, 0.02, ... 0.99: the sweep the reports and threshold choice use. */
export const STANDARD_THRESHOLDS: readonly number[] = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
