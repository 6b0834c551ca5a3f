// The model as scoring uses it: batch scores, reason codes, its version and default thresholds.
// Backed by the ONNX scorer of libs/ml (onnxruntime-node, one intra-op thread per worker).
import type { RiskThresholds } from '#domain';
import { type FeatureEncodings, loadModel } from '#ml';

export interface ScoringModel {
  readonly version: string;
  /** Thresholds in force while the `risk-policy` stream records no change. */
  readonly defaultThresholds: RiskThresholds;
  readonly encodings: FeatureEncodings;
  /** Probability of fraud per row; rows are row-major in feature-spec order. */
  score(rows: Float32Array): Promise<Float32Array>;
  explain(
    row: ArrayLike<number>,
    top?: number,
  ): readonly { feature: string; contribution: number; text: string }[];
  close(): Promise<void>;
}

export async function loadScoringModel(modelPath: string): Promise<ScoringModel> {
  const model = await loadModel(modelPath, { threads: 1 });
  return {
    version: model.metadata.version,
    defaultThresholds: {
      reviewThreshold: model.metadata.thresholds.review,
      blockThreshold: model.metadata.thresholds.block,
    },
    encodings: model.encodings,
    score: (rows) => model.score(rows),
    explain: (row, top) => model.explain(row, top),
    close: () => model.close(),
  };
}
