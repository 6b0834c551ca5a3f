// Tuning queries: threshold trade-offs from labels, the model's metadata, and score drift (PSI of the
// last 24 hours of scores vs the baseline histogram in the model metadata).
import { Inject } from '@nestjs/common';
import { Args, Float, Query, Resolver } from '@nestjs/graphql';
import type pg from 'pg';
import { READ_POOL } from '../event-store/event-store.module.js';
import { ApiError } from '../graphql/api-error.js';
import { MODEL_METADATA } from '../model/model.module.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { Drift, ModelInfo, ThresholdAnalysis } from './analytics.model.js';
import { analyseThresholds, populationStabilityIndex } from './threshold-analysis.js';

function cost(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new ApiError('BAD_USER_INPUT', `${name} must be a number >= 0, got ${value}`);
  return value;
}

/** Baseline counts over equal-width bins of [0, 1]: `baselineHistogram` as counts or {counts}. */
export function baselineCounts(metadata: ModelMetadata | undefined): number[] | undefined {
  for (const key of ['baselineHistogram', 'scoreHistogram', 'baseline']) {
    const value = metadata?.raw[key];
    const counts = Array.isArray(value) ? value : (value as { counts?: unknown } | undefined)?.counts;
    if (Array.isArray(counts) && counts.length > 0 && counts.every((c) => typeof c === 'number'))
      return counts;
  }
  return undefined;
}

@Resolver()
export class TuningResolver {
  constructor(
    @Inject(READ_POOL) private readonly pool: pg.Pool,
    @Inject(MODEL_METADATA) private readonly metadata: ModelMetadata | undefined,
  ) {}

  @Query(() => ThresholdAnalysis, {
    description:
      'Precision, recall, alert volume and expected cost per threshold (0 to 1, step 0.05), from labels.',
  })
  async thresholdAnalysis(
    @Args('falsePositiveCost', { type: () => Float }) falsePositiveCost: number,
    @Args('falseNegativeCost', { type: () => Float }) falseNegativeCost: number,
  ): Promise<ThresholdAnalysis> {
    const costs = {
      falsePositiveCost: cost('falsePositiveCost', falsePositiveCost),
      falseNegativeCost: cost('falseNegativeCost', falseNegativeCost),
    };
    const { rows } = await this.pool.query<{ risk_score: number; is_fraud: boolean }>(
      'SELECT risk_score, is_fraud FROM labels WHERE risk_score IS NOT NULL',
    );
    const points = analyseThresholds(
      rows.map((row) => ({ riskScore: row.risk_score, isFraud: row.is_fraud })),
      costs,
    );
    const cheapest =
      rows.length === 0
        ? undefined
        : points.reduce((best, point) => (point.expectedCost < best.expectedCost ? point : best));
    return {
      labelled: rows.length,
      frauds: rows.filter((row) => row.is_fraud).length,
      points,
      cheapestThreshold: cheapest?.threshold ?? null,
    };
  }

  @Query(() => ModelInfo)
  modelInfo(): ModelInfo {
    const raw = this.metadata?.raw ?? {};
    const text = (key: string) => (typeof raw[key] === 'string' ? raw[key] : null);
    return {
      version: text('version') ?? text('modelVersion'),
      trainedAt: text('trainedAt') ?? text('createdAt'),
      source: this.metadata?.path ?? null,
      metadataJson: JSON.stringify(raw),
    };
  }

  @Query(() => Drift)
  async drift(): Promise<Drift> {
    const since = new Date(Date.now() - 24 * 3600_000);
    const baseline = baselineCounts(this.metadata);
    const bins = baseline?.length ?? 20;
    const { rows } = await this.pool.query<{ bin: number; n: string }>(
      `SELECT least(floor(risk_score * $2)::int, $2 - 1) AS bin, count(*) AS n FROM transactions_enriched
        WHERE risk_score IS NOT NULL AND scored_at >= $1 GROUP BY 1`,
      [since, bins],
    );
    const recent = Array.from({ length: bins }, () => 0);
    for (const row of rows) recent[row.bin] = Number(row.n);
    const total = recent.reduce((sum, n) => sum + n, 0);
    if (!baseline || total === 0)
      return { psi: null, level: 'UNKNOWN', recentScores: total, since: since.toISOString() };
    const psi = populationStabilityIndex(baseline, recent);
    return {
      psi,
      level: psi < 0.1 ? 'STABLE' : psi <= 0.25 ? 'MODERATE' : 'MAJOR',
      recentScores: total,
      since: since.toISOString(),
    };
  }
}
