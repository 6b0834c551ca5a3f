// libs/ml: one feature pipeline for training and serving, trainers (logistic regression,
// gradient-boosted trees), ONNX export, the scorer with reason codes, evaluation and drift.
// See docs/MODEL.md.
export * from './features/feature-spec.js';
export * from './features/encodings.js';
export * from './features/feature-state.js';
export { computeFeatures, replayTransactions, parseOccurredAt } from './features/compute-features.js';
export * from './evaluation/metrics.js';
export * from './evaluation/thresholds.js';
export * from './evaluation/drift.js';
export * from './model/model-metadata.js';
export { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './onnx/export-onnx.js';
export * from './training/trained-model.js';
export { trainLogisticRegression, type LogisticOptions } from './training/logistic-regression.js';
export { trainGradientBoosting, type BoostingOptions } from './training/gradient-boosting.js';
export * from './training/train-pipeline.js';
export { parseFieldMap, readLabelledFile, type FileReadResult } from './dataset/read-labelled-file.js';
export * from './scoring/scorer.js';
export {
  explainRow,
  describeFeature,
  type ReasonCode,
  type LinearExplainer,
} from './scoring/reason-codes.js';
export * from './backtest/index.js';
