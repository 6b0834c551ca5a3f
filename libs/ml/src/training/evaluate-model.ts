// One model's scores on one split -> the evaluation block stored in metadata and printed by the CLI.
import { prAuc, rocAuc, STANDARD_THRESHOLDS, thresholdSweep, type Costs } from '../evaluation/metrics.js';
import type { ModelEvaluation } from '../model/model-metadata.js';

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

export function evaluateScores(
  scores: Float32Array,
  labels: Uint8Array,
  thresholds: { readonly review: number; readonly block: number },
  costs: Costs,
): ModelEvaluation {
  let frauds = 0;
  for (const label of labels) frauds += label;
  const [atReview, atBlock] = thresholdSweep(scores, labels, [thresholds.review, thresholds.block], costs);
  return {
    rows: scores.length,
    frauds,
    rocAuc: orNull(rocAuc(scores, labels)),
    prAuc: orNull(prAuc(scores, labels)),
    atReview: atReview!,
    atBlock: atBlock!,
    sweep: thresholdSweep(
      scores,
      labels,
      STANDARD_THRESHOLDS.filter((_, k) => k % 5 === 4),
      costs,
    ),
  };
}
