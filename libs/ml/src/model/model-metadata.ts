// The metadata JSON that sits beside every model (models/<version>.json): what the scorer checks
// before it scores anything, what the dashboard shows about the model, and the drift baseline.
// Validated with zod on load so a hand-written file fails with the field that is wrong.
import { z } from 'zod';

const histogram = z.object({ edges: z.array(z.number().nullable()), counts: z.array(z.number()) });

const thresholdPoint = z.object({
  threshold: z.number(),
  truePositives: z.number(),
  falsePositives: z.number(),
  falseNegatives: z.number(),
  trueNegatives: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  flaggedShare: z.number(),
  costPer1000: z.number(),
});

const evaluation = z.object({
  rows: z.number(),
  frauds: z.number(),
  rocAuc: z.number().nullable(),
  prAuc: z.number().nullable(),
  atReview: thresholdPoint,
  atBlock: thresholdPoint,
  sweep: z.array(thresholdPoint),
});

export const modelMetadataSchema = z.object({
  version: z.string().min(1),
  createdAt: z.string(),
  modelType: z.string().min(1),
  featureSpecVersion: z.string().min(1),
  featureNames: z.array(z.string()).min(1),
  input: z
    .object({ name: z.string(), shape: z.array(z.union([z.string(), z.number()])) })
    .default({ name: 'features', shape: ['N', 'F'] }),
  output: z
    .object({ name: z.string(), shape: z.array(z.union([z.string(), z.number()])) })
    .default({ name: 'risk_score', shape: ['N', 1] }),
  seed: z.number().nullable().default(null),
  trainingData: z
    .object({
      source: z.string(),
      fingerprint: z.string(),
      rows: z.number(),
      frauds: z.number(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      split: z.object({ train: z.number(), validation: z.number(), holdout: z.number() }),
    })
    .optional(),
  /** Target-encoding tables the feature code applies (category, country, merchant). */
  encodings: z
    .object({
      prior: z.number(),
      category: z.record(z.string(), z.number()),
      country: z.record(z.string(), z.number()),
      merchant: z.record(z.string(), z.number()),
    })
    .default({ prior: 0, category: {}, country: {}, merchant: {} }),
  thresholds: z.object({ review: z.number().min(0).max(1), block: z.number().min(0).max(1) }).loose(),
  metrics: z
    .object({ holdout: evaluation, baseline: evaluation.optional(), validation: evaluation.optional() })
    .loose()
    .optional(),
  /** Validation-set score histogram (20 bins over [0, 1]): the PSI baseline for score drift. */
  scoreHistogram: histogram.optional(),
  /** Validation-set histograms of key features (quantile bins): PSI baselines for feature drift. */
  featureHistograms: z.record(z.string(), histogram).default({}),
  /** Linear reason-code model: the LR itself, or for trees the companion LR (see docs/MODEL.md). */
  explainer: z
    .object({
      kind: z.literal('linear'),
      features: z.array(z.string()),
      means: z.array(z.number()),
      stds: z.array(z.number()),
      weights: z.array(z.number()),
    })
    .optional(),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;
export type ModelEvaluation = z.infer<typeof evaluation>;

/** JSON has no infinities: the open ends of quantile bins are written as null. */
export const edgesToJson = (edges: readonly number[]): (number | null)[] =>
  edges.map((e) => (Number.isFinite(e) ? e : null));
export const edgesFromJson = (edges: readonly (number | null)[]): number[] =>
  edges.map((e, k) => e ?? (k === 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY));
