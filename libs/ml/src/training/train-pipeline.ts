// `npm run train` without the I/O: time-ordered labelled history in, both models trained on the
// same replayed features, evaluated on a later holdout against the original pipeline's features,
// and the chosen one exported to ONNX with its metadata.
import { createHash } from 'node:crypto';
import type { Transaction } from '#domain';
import { computeFeatures, parseOccurredAt } from '../features/compute-features.js';
import { fitEncodings } from '../features/encodings.js';
import {
  BASELINE_FEATURES,
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  FEATURE_SPEC_VERSION,
} from '../features/feature-spec.js';
import { InMemoryFeatureState } from '../features/feature-state.js';
import { histogram, quantileEdges, scoreHistogram, type Histogram } from '../evaluation/drift.js';
import { DEFAULT_COSTS, prAuc, type Costs } from '../evaluation/metrics.js';
import { chooseThresholds } from '../evaluation/thresholds.js';
import { edgesToJson, type ModelEvaluation, type ModelMetadata } from '../model/model-metadata.js';
import { exportOnnx } from '../onnx/export-onnx.js';
import { evaluateScores } from './evaluate-model.js';
import { trainGradientBoosting } from './gradient-boosting.js';
import { trainLogisticRegression } from './logistic-regression.js';
import { predict, type FeatureMatrix, type LogisticModel, type TrainedModel } from './trained-model.js';

export interface LabelledTransaction {
  readonly transaction: Transaction;
  readonly isFraud: boolean;
}

export interface TrainOptions {
  readonly seed: number;
  /** Where the data came from, for the metadata ("simulator seed 42", a file name). */
  readonly source: string;
  readonly trees?: number;
  readonly depth?: number;
  readonly learningRate?: number;
  readonly costs?: Costs;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface TrainedCandidate {
  readonly model: TrainedModel;
  readonly metadata: ModelMetadata;
  readonly onnx: Uint8Array;
}

export interface TrainingResult {
  readonly chosen: TrainedCandidate;
  readonly challenger: TrainedCandidate;
  readonly baseline: { readonly validation: ModelEvaluation; readonly holdout: ModelEvaluation };
  readonly split: { readonly train: number; readonly validation: number; readonly holdout: number };
}

/** Features whose drift the metadata keeps a baseline for. */
const DRIFT_FEATURES = [
  'amount_log',
  'tx_count_1h',
  'amount_vs_usual_log',
  'merchant_risk',
  'country_risk',
] as const;

export function trainModels(data: readonly LabelledTransaction[], options: TrainOptions): TrainingResult {
  const progress = options.onProgress ?? (() => undefined);
  const costs = options.costs ?? DEFAULT_COSTS;
  const n = data.length;
  if (n < 1000)
    throw new Error(`Got ${n} labelled transactions; training needs at least 1,000 (more is better).`);
  const times = data.map(({ transaction }) => parseOccurredAt(transaction));
  for (let i = 1; i < n; i++) {
    if (times[i]! < times[i - 1]!) {
      throw new Error(
        `Transactions must be in time order (row ${i} is earlier than row ${i - 1}); sort them by occurredAt first.`,
      );
    }
  }
  const trainEnd = Math.floor(n * 0.7);
  const validationEnd = Math.floor(n * 0.8);
  const labels = Uint8Array.from(data, (d) => (d.isFraud ? 1 : 0));
  const transactions = data.map((d) => d.transaction);
  const fingerprint = fingerprintOf(data);

  const encodings = fitEncodings(transactions.slice(0, trainEnd), labels.subarray(0, trainEnd));
  const rows = new Float32Array(n * FEATURE_COUNT);
  const state = new InMemoryFeatureState(Number.MAX_SAFE_INTEGER);
  const chunk = 50_000;
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    computeFeatures(
      transactions.slice(from, to),
      state,
      encodings,
      rows.subarray(from * FEATURE_COUNT, to * FEATURE_COUNT),
    );
    progress('features', to, n);
  }
  const slice = (from: number, to: number): FeatureMatrix => ({
    rows: rows.subarray(from * FEATURE_COUNT, to * FEATURE_COUNT),
    count: to - from,
    width: FEATURE_COUNT,
  });
  const train = slice(0, trainEnd);
  const validation = slice(trainEnd, validationEnd);
  const holdout = slice(validationEnd, n);
  const yTrain = labels.subarray(0, trainEnd);
  const yValidation = labels.subarray(trainEnd, validationEnd);
  const yHoldout = labels.subarray(validationEnd, n);

  const all = FEATURE_NAMES.map((_, k) => k);
  progress('logistic regression', 0, 1);
  const logistic = trainLogisticRegression(train, yTrain, { columns: all });
  const baselineModel = trainLogisticRegression(train, yTrain, {
    columns: BASELINE_FEATURES.map((f) => FEATURE_INDEX[f]),
  });
  progress('logistic regression', 1, 1);
  const trees = trainGradientBoosting(train, yTrain, {
    columns: all,
    seed: options.seed,
    trees: options.trees ?? 100,
    depth: options.depth ?? 5,
    learningRate: options.learningRate ?? 0.15,
    onTree: (done, total) => progress('gradient-boosted trees', done, total),
  });

  const candidates = [logistic, trees].map((model) => ({
    model,
    validationScores: predict(model, validation),
  }));
  candidates.sort((a, b) => prAuc(b.validationScores, yValidation) - prAuc(a.validationScores, yValidation));
  const baselineValidation = predict(baselineModel, validation);
  const baselineThresholds = chooseThresholds(baselineValidation, yValidation, costs);

  const describe = (model: TrainedModel, validationScores: Float32Array): TrainedCandidate => {
    const thresholds = chooseThresholds(validationScores, yValidation, costs);
    const holdoutScores = predict(model, holdout);
    // Hyperparameters that change the model are part of its name: same name, same model.
    const short = model.kind === 'logistic_regression' ? 'lr' : `gbt${model.trees.length}`;
    const version = `${short}-${FEATURE_SPEC_VERSION}-s${options.seed}-${fingerprint.slice(0, 8)}`;
    const metadata: ModelMetadata = {
      version,
      createdAt: new Date().toISOString(),
      modelType: model.kind,
      featureSpecVersion: FEATURE_SPEC_VERSION,
      featureNames: [...FEATURE_NAMES],
      input: { name: 'features', shape: ['N', FEATURE_COUNT] },
      output: { name: 'risk_score', shape: ['N', 1] },
      seed: options.seed,
      trainingData: {
        source: options.source,
        fingerprint,
        rows: n,
        frauds: labels.reduce((s, y) => s + y, 0),
        from: data[0]!.transaction.occurredAt,
        to: data[n - 1]!.transaction.occurredAt,
        split: { train: trainEnd, validation: validationEnd - trainEnd, holdout: n - validationEnd },
      },
      encodings,
      thresholds: { ...thresholds },
      metrics: {
        holdout: evaluateScores(holdoutScores, yHoldout, thresholds, costs),
        validation: evaluateScores(validationScores, yValidation, thresholds, costs),
        baseline: evaluateScores(predict(baselineModel, holdout), yHoldout, baselineThresholds, costs),
      },
      scoreHistogram: jsonHistogram(scoreHistogram(validationScores, 20)),
      featureHistograms: featureHistograms(validation),
      explainer: explainerOf(logistic),
    };
    return {
      model,
      metadata,
      onnx: exportOnnx(model, {
        version,
        featureSpecVersion: FEATURE_SPEC_VERSION,
        featureNames: FEATURE_NAMES,
      }),
    };
  };
  const [first, second] = candidates;
  return {
    chosen: describe(first!.model, first!.validationScores),
    challenger: describe(second!.model, second!.validationScores),
    baseline: {
      validation: evaluateScores(baselineValidation, yValidation, baselineThresholds, costs),
      holdout: evaluateScores(predict(baselineModel, holdout), yHoldout, baselineThresholds, costs),
    },
    split: { train: trainEnd, validation: validationEnd - trainEnd, holdout: n - validationEnd },
  };
}

/** sha256 over every row's fields and label, in order: two runs on the same data agree. */
export function fingerprintOf(data: readonly LabelledTransaction[]): string {
  const hash = createHash('sha256');
  for (const { transaction: t, isFraud } of data) {
    hash.update(
      `${t.transactionId}|${t.customerId}|${t.merchantId}|${t.merchantCategory}|${t.country}|${t.amount}|${t.currency}|${t.occurredAt}|${t.channel ?? ''}|${t.device ?? ''}|${isFraud ? 1 : 0}\n`,
    );
  }
  return hash.digest('hex');
}

function featureHistograms(matrix: FeatureMatrix): ModelMetadata['featureHistograms'] {
  const out: ModelMetadata['featureHistograms'] = {};
  for (const name of DRIFT_FEATURES) {
    const column = FEATURE_INDEX[name];
    const values = new Float32Array(matrix.count);
    for (let r = 0; r < matrix.count; r++) values[r] = matrix.rows[r * matrix.width + column]!;
    out[name] = jsonHistogram(histogram(values, quantileEdges(values, 10)));
  }
  return out;
}

const jsonHistogram = (h: Histogram): { edges: (number | null)[]; counts: number[] } => ({
  edges: edgesToJson(h.edges),
  counts: [...h.counts],
});

function explainerOf(model: LogisticModel): NonNullable<ModelMetadata['explainer']> {
  return {
    kind: 'linear',
    features: model.columns.map((k) => FEATURE_NAMES[k]!),
    means: [...model.means],
    stds: [...model.stds],
    weights: [...model.weights],
  };
}
