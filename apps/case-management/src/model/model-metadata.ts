// The metadata JSON of the model in use (models/<version>.json beside MODEL_PATH, or
// models/current.json): version, metrics, suggested thresholds, baseline score histogram. Read once,
// lazily; a missing file means "no model metadata" (defaults apply), a malformed one is an error.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RiskThresholds } from '#domain';

export interface ModelMetadata {
  readonly path: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export const FALLBACK_THRESHOLDS: RiskThresholds = { reviewThreshold: 0.5, blockThreshold: 0.9 };

export function metadataPath(modelPath: string | undefined): string {
  if (modelPath) return modelPath.replace(/\.onnx$/i, '') + '.json';
  return path.resolve('models/current.json');
}

export function loadModelMetadata(modelPath: string | undefined): ModelMetadata | undefined {
  const file = metadataPath(modelPath);
  if (!existsSync(file)) return undefined;
  try {
    return { path: file, raw: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
  } catch (error) {
    throw new Error(`Model metadata ${file} is not valid JSON: regenerate it with \`npm run train\``, {
      cause: error,
    });
  }
}

const isUnit = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

/**
 * The thresholds scoring starts from before any `setRiskThresholds`, so `riskPolicy` tells the truth:
 * `thresholds: {review, block}` (what `npm run train` writes and scoring reads), or
 * `{reviewThreshold, blockThreshold}` under `defaultThresholds` / `thresholds` / `suggestedThresholds`;
 * else 0.5 / 0.9.
 */
export function defaultThresholds(metadata: ModelMetadata | undefined): RiskThresholds {
  for (const key of ['defaultThresholds', 'thresholds', 'suggestedThresholds']) {
    const candidate = metadata?.raw[key] as
      { reviewThreshold?: unknown; blockThreshold?: unknown; review?: unknown; block?: unknown } | undefined;
    const review = candidate?.reviewThreshold ?? candidate?.review;
    const block = candidate?.blockThreshold ?? candidate?.block;
    if (isUnit(review) && isUnit(block) && review <= block) {
      return { reviewThreshold: review, blockThreshold: block };
    }
  }
  return FALLBACK_THRESHOLDS;
}
