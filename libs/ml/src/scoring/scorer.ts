// The scorer: loads an ONNX model and its metadata JSON, refuses a model built for another feature
// contract, scores batches of feature rows through onnxruntime-node and explains a row in words.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { Transaction } from '#domain';
import { computeFeatures } from '../features/compute-features.js';
import type { FeatureEncodings } from '../features/encodings.js';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURE_SPEC_VERSION } from '../features/feature-spec.js';
import type { FeatureState } from '../features/feature-state.js';
import { modelMetadataSchema, type ModelMetadata } from '../model/model-metadata.js';
import { explainRow, type ReasonCode } from './reason-codes.js';

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  /** Retrying does not help: the file or its metadata must change. */
  readonly retriable = false;
}

export interface RiskModel {
  readonly metadata: ModelMetadata;
  readonly encodings: FeatureEncodings;
  /** Probability of fraud per row; `rows` is row-major, FEATURE_COUNT values per row. */
  score(rows: Float32Array): Promise<Float32Array>;
  /** Top features that raised this row's score, in analyst words ([] when the model has no explainer). */
  explain(row: ArrayLike<number>, top?: number): ReasonCode[];
  close(): Promise<void>;
}

export interface LoadOptions {
  /** onnxruntime intra-op threads; 1 keeps a scoring worker on one core. */
  readonly threads?: number;
}

export const metadataPathFor = (modelPath: string): string => modelPath.replace(/\.onnx$/i, '') + '.json';

export async function loadModel(modelPath: string, options: LoadOptions = {}): Promise<RiskModel> {
  const metadata = await readMetadata(modelPath);
  checkFeatureContract(metadata, modelPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(modelPath);
  } catch (error) {
    throw new ModelLoadError(
      `Cannot read model ${modelPath} (${(error as Error).message}); set MODEL_PATH to an existing .onnx file.`,
      { cause: error },
    );
  }
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  }).catch((error: unknown) => {
    throw new ModelLoadError(
      `onnxruntime cannot load ${modelPath}: ${(error as Error).message}. Export it again (docs/MODEL.md, "Bring your own model").`,
      { cause: error },
    );
  });
  const inputName = metadata.input.name;
  const outputName = metadata.output.name;
  if (!session.inputNames.includes(inputName) || !session.outputNames.includes(outputName)) {
    throw new ModelLoadError(
      `Model ${modelPath} has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}]; the contract is input "${inputName}" float32 [N, ${FEATURE_COUNT}] and output "${outputName}" float32 [N, 1]. Rename them when exporting.`,
    );
  }
  const explainer = metadata.explainer;
  return {
    metadata,
    encodings: metadata.encodings,
    async score(rows: Float32Array): Promise<Float32Array> {
      const count = rows.length / FEATURE_COUNT;
      if (!Number.isInteger(count))
        throw new Error(`Got ${rows.length} values, not a multiple of ${FEATURE_COUNT} features.`);
      if (count === 0) return new Float32Array(0);
      const input = new ort.Tensor('float32', rows, [count, FEATURE_COUNT]);
      const output = (await session.run({ [inputName]: input }))[outputName]!;
      const scores = output.data as Float32Array;
      if (scores.length !== count) {
        throw new Error(
          `Model ${metadata.version} returned ${scores.length} values for ${count} rows; "${outputName}" must be [N] or [N, 1].`,
        );
      }
      return scores;
    },
    explain: (row, top = 3) => (explainer ? explainRow(explainer, row, top) : []),
    close: () => session.release(),
  };
}

/** Features (updating `state`) then scores for one batch: what the scoring service runs per poll. */
export async function scoreTransactions(
  model: RiskModel,
  batch: readonly Transaction[],
  state: FeatureState,
): Promise<{ rows: Float32Array; scores: Float32Array }> {
  const rows = computeFeatures(batch, state, model.encodings);
  return { rows, scores: await model.score(rows) };
}

async function readMetadata(modelPath: string): Promise<ModelMetadata> {
  const path = metadataPathFor(modelPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelLoadError(
      `Model metadata ${path} is missing (${(error as Error).message}); every model needs its JSON beside it (docs/MODEL.md).`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(`Model metadata ${path} is not valid JSON: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  const parsed = modelMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ModelLoadError(
      `Model metadata ${path} is invalid: ${problems}. See docs/MODEL.md for the fields.`,
    );
  }
  return parsed.data;
}

function checkFeatureContract(metadata: ModelMetadata, modelPath: string): void {
  if (metadata.featureSpecVersion !== FEATURE_SPEC_VERSION) {
    throw new ModelLoadError(
      `Model ${modelPath} was built for feature spec ${metadata.featureSpecVersion} but this code computes ${FEATURE_SPEC_VERSION}; retrain with \`npm run train\` or deploy the code version that matches the model.`,
    );
  }
  const expected = FEATURE_NAMES.join(',');
  const actual = metadata.featureNames.join(',');
  if (expected !== actual) {
    const firstDifference = FEATURE_NAMES.findIndex((name, k) => metadata.featureNames[k] !== name);
    throw new ModelLoadError(
      `Model ${modelPath} lists features [${actual}] but spec ${FEATURE_SPEC_VERSION} has [${expected}] (first difference at column ${firstDifference === -1 ? FEATURE_NAMES.length : firstDifference}); fix featureNames in its metadata or retrain.`,
    );
  }
}
