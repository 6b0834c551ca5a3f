// Default decision thresholds chosen on the validation split: review where the expected cost is
// lowest, block where precision is high enough that stopping a payment without a human is defensible.
import { DEFAULT_COSTS, STANDARD_THRESHOLDS, thresholdSweep, type Costs, type Labels } from './metrics.js';

export interface DefaultThresholds {
  readonly review: number;
  readonly block: number;
  readonly costs: Costs;
  /** Precision required before the system blocks on its own. */
  readonly blockPrecision: number;
}

export function chooseThresholds(
  scores: ArrayLike<number>,
  labels: Labels,
  costs: Costs = DEFAULT_COSTS,
  blockPrecision = 0.9,
): DefaultThresholds {
  const sweep = thresholdSweep(scores, labels, STANDARD_THRESHOLDS, costs);
  let review = sweep[0]!;
  // On equal cost prefer the higher threshold: same money, fewer alerts for analysts.
  for (const point of sweep) if (point.costPer1000 <= review.costPer1000) review = point;
  const precise = sweep.find(
    (p) => p.threshold > review.threshold && p.precision >= blockPrecision && p.truePositives > 0,
  );
  const block = precise?.threshold ?? Math.max(0.99, review.threshold);
  return { review: review.threshold, block, costs, blockPrecision };
}
