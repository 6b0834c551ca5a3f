/**
 * @jest-environment ./libs/ml/src/testing/onnx-test-environment.mjs
 */
import * as ort from 'onnxruntime-node';
import { computeFeatures } from '../features/compute-features.js';
import { fitEncodings } from '../features/encodings.js';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURE_SPEC_VERSION } from '../features/feature-spec.js';
import { InMemoryFeatureState } from '../features/feature-state.js';
import { labelledHistory } from '../testing/transactions.spec-helpers.js';
import { trainGradientBoosting } from '../training/gradient-boosting.js';
import { trainLogisticRegression } from '../training/logistic-regression.js';
import { predict, type FeatureMatrix, type TrainedModel } from '../training/trained-model.js';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './export-onnx.js';

const history = labelledHistory(6000, 11);
const encodings = fitEncodings(history.transactions, history.isFraud);
const matrix: FeatureMatrix = {
  rows: computeFeatures(history.transactions, new InMemoryFeatureState(), encodings),
  count: history.transactions.length,
  width: FEATURE_COUNT,
};
const all = FEATURE_NAMES.map((_, k) => k);

async function runOnnx(model: TrainedModel): Promise<{ scores: Float32Array; dims: readonly number[] }> {
  const bytes = exportOnnx(model, {
    version: 'test',
    featureSpecVersion: FEATURE_SPEC_VERSION,
    featureNames: FEATURE_NAMES,
  });
  const session = await ort.InferenceSession.create(bytes);
  const input = new ort.Tensor('float32', matrix.rows, [matrix.count, FEATURE_COUNT]);
  const output = (await session.run({ [ONNX_INPUT]: input }))[ONNX_OUTPUT]!;
  await session.release();
  return { scores: output.data as Float32Array, dims: output.dims };
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

describe('ONNX export (run by onnxruntime-node)', () => {
  it('a logistic regression scores within 1e-5 of the trainer, as risk_score [N, 1]', async () => {
    const model = trainLogisticRegression(matrix, history.isFraud, { columns: all });
    const { scores, dims } = await runOnnx(model);
    expect(dims).toEqual([matrix.count, 1]);
    expect(largestDifference(scores, predict(model, matrix))).toBeLessThan(1e-5);
  });

  it('a baseline on a subset of columns exports with zero weight on the others', async () => {
    const model = trainLogisticRegression(matrix, history.isFraud, { columns: [0, 3, 4, 5] });
    const { scores } = await runOnnx(model);
    expect(largestDifference(scores, predict(model, matrix))).toBeLessThan(1e-5);
  });

  it('gradient-boosted trees score within 1e-5 of the trainer', async () => {
    const model = trainGradientBoosting(matrix, history.isFraud, {
      columns: all,
      trees: 40,
      depth: 4,
      seed: 3,
    });
    const { scores } = await runOnnx(model);
    expect(largestDifference(scores, predict(model, matrix))).toBeLessThan(1e-5);
    // Not a trivial model: the trees separate the classes on what they learned.
    const mean = (label: number): number => {
      let sum = 0;
      let n = 0;
      scores.forEach((s, i) => {
        if (history.isFraud[i] === label) {
          sum += s;
          n++;
        }
      });
      return sum / n;
    };
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.3);
  });
});
