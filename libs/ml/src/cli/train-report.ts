// The text report `npm run train` prints: chosen model, challenger and the original-features
// baseline side by side on the same later holdout, then the chosen model's threshold sweep.
import type { ModelEvaluation } from '../model/model-metadata.js';
import type { TrainingResult } from '../training/train-pipeline.js';

const f = (x: number | null, digits = 3): string => (x === null ? 'n/a' : x.toFixed(digits));

export function formatReport(result: TrainingResult): string {
  const { chosen, challenger, baseline, split } = result;
  const holdout = (e: ModelEvaluation): string =>
    `${f(e.rocAuc).padStart(7)} ${f(e.prAuc).padStart(7)} ${f(e.atReview.threshold, 2).padStart(6)} ${f(e.atReview.precision).padStart(9)} ${f(e.atReview.recall).padStart(7)} ${f(e.atReview.f1).padStart(6)} ${f(e.atReview.costPer1000, 1).padStart(9)}`;
  const lines = [
    '',
    `Split by time: train ${split.train}, validation ${split.validation}, holdout ${split.holdout} transactions.`,
    `Holdout: ${chosen.metadata.metrics!.holdout.frauds} frauds in ${chosen.metadata.metrics!.holdout.rows}.`,
    '',
    `model                              ROC-AUC  PR-AUC review precision  recall     F1 cost/1000`,
    `${('chosen ' + chosen.metadata.version).padEnd(34)} ${holdout(chosen.metadata.metrics!.holdout)}`,
    `${('challenger ' + challenger.metadata.version).padEnd(34)} ${holdout(challenger.metadata.metrics!.holdout)}`,
    `${'baseline (amount,country,merchant,category)'.slice(0, 34).padEnd(34)} ${holdout(baseline.holdout)}`,
    '',
    `Chosen thresholds (validation): review ${chosen.metadata.thresholds.review}, block ${chosen.metadata.thresholds.block}; ` +
      `at block: precision ${f(chosen.metadata.metrics!.holdout.atBlock.precision)}, recall ${f(chosen.metadata.metrics!.holdout.atBlock.recall)} on the holdout.`,
    '',
    'Holdout threshold sweep of the chosen model:',
    'threshold precision recall     F1 flagged cost/1000',
    ...chosen.metadata.metrics!.holdout.sweep.map(
      (p) =>
        `${f(p.threshold, 2).padStart(9)} ${f(p.precision).padStart(9)} ${f(p.recall).padStart(6)} ${f(p.f1).padStart(6)} ${(p.flaggedShare * 100).toFixed(2).padStart(6)}% ${f(p.costPer1000, 1).padStart(9)}`,
    ),
    '',
  ];
  return lines.join('\n');
}
