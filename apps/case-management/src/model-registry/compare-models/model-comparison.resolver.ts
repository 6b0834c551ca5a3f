// `modelComparison(from, to, falsePositiveCost, falseNegativeCost)`: champion versus challenger on the
// live traffic both scored, from transactions_enriched (one aggregate) and the labels on its rows.
import { Inject } from '@nestjs/common';
import { Args, Float, Query, Resolver } from '@nestjs/graphql';
import type pg from 'pg';
import { READ_POOL } from '../../event-store/event-store.module.js';
import { comparisonRequest, DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS } from './comparison-request.js';
import { compareModels } from './model-comparison.js';
import { ModelComparison } from './model-comparison.model.js';
import { comparisonCells } from './model-comparison.sql.js';

@Resolver()
export class ModelComparisonResolver {
  constructor(@Inject(READ_POOL) private readonly pool: pg.Pool) {}

  @Query(() => ModelComparison, {
    description: `Champion vs challenger on the transactions both scored in [from, to) (scored_at; default the last ${DEFAULT_WINDOW_DAYS} days, at most ${MAX_WINDOW_DAYS}): volumes, alerts, blocks, agreement, decision matrix, and precision / recall / expected cost against labels.`,
  })
  async modelComparison(
    @Args('from', { type: () => String, nullable: true }) from?: string | null,
    @Args('to', { type: () => String, nullable: true }) to?: string | null,
    @Args('falsePositiveCost', { type: () => Float, nullable: true }) falsePositiveCost?: number | null,
    @Args('falseNegativeCost', { type: () => Float, nullable: true }) falseNegativeCost?: number | null,
  ): Promise<ModelComparison> {
    const request = comparisonRequest({ from, to, falsePositiveCost, falseNegativeCost }, new Date());
    const pairs = compareModels(await comparisonCells(this.pool, request.from, request.to), request.costs);
    return {
      from: request.from.toISOString(),
      to: request.to.toISOString(),
      ...request.costs,
      transactions: pairs.reduce((sum, pair) => sum + pair.transactions, 0),
      pairs: pairs.map((pair) => ({ ...pair, decisions: [...pair.decisions] })),
    };
  }
}
