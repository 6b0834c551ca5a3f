// Dashboard queries on the projections' aggregate tables. All SQL is parameterised; limits bounded.
import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type pg from 'pg';
import { READ_POOL } from '../event-store/event-store.module.js';
import { ApiError } from '../graphql/api-error.js';
import { pageSize } from '../graphql/validate-input.js';
import { ActivityEntry, FraudRatePoint, RiskAggregate, ScoreBin } from './analytics.model.js';

const BUCKETS = { MINUTE: 'minute', HOUR: 'hour', DAY: 'day' } as const;

function instant(name: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ApiError('BAD_USER_INPUT', `${name} must be an ISO-8601 instant, e.g. 2026-11-25T10:00:00Z`);
  return date;
}

const RISK_TABLES = {
  merchant: 'merchant_risk',
  country: 'country_risk',
  customer: 'customer_risk',
} as const;

@Resolver()
export class DashboardResolver {
  constructor(@Inject(READ_POOL) private readonly pool: pg.Pool) {}

  @Query(() => [FraudRatePoint], { description: 'Per bucket (MINUTE, HOUR or DAY) between from and to.' })
  async fraudRate(
    @Args('from', { type: () => String }) from: string,
    @Args('to', { type: () => String }) to: string,
    @Args('bucket', { type: () => String, nullable: true }) bucket?: string | null,
  ): Promise<FraudRatePoint[]> {
    const unit = BUCKETS[(bucket ?? 'HOUR').toUpperCase() as keyof typeof BUCKETS];
    if (!unit) throw new ApiError('BAD_USER_INPUT', 'bucket must be MINUTE, HOUR or DAY');
    const { rows } = await this.pool.query<{ b: Date; t: string; s: string; bl: string; f: string }>(
      `SELECT date_trunc($3, minute) AS b, sum(transactions) AS t, sum(suspected) AS s, sum(blocked) AS bl,
              sum(confirmed_fraud) AS f
         FROM fraud_stats_minute WHERE minute >= $1 AND minute < $2 GROUP BY 1 ORDER BY 1 LIMIT 2000`,
      [instant('from', from), instant('to', to), unit],
    );
    return rows.map((row) => ({
      bucketStart: row.b.toISOString(),
      transactions: Number(row.t),
      suspected: Number(row.s),
      blocked: Number(row.bl),
      confirmedFraud: Number(row.f),
      fraudRate: Number(row.t) === 0 ? 0 : Number(row.s) / Number(row.t),
    }));
  }

  @Query(() => [ScoreBin], { description: 'Score histogram: 20 bins (width 0.05) or 100 (width 0.01).' })
  async scoreDistribution(
    @Args('bins', { type: () => Int, nullable: true }) bins?: number | null,
  ): Promise<ScoreBin[]> {
    const count = bins ?? 20;
    if (count !== 20 && count !== 100) throw new ApiError('BAD_USER_INPUT', 'bins must be 20 or 100');
    const { rows } = await this.pool.query<{
      bin: number;
      transactions: number;
      confirmed_fraud: number;
      false_positives: number;
    }>(
      'SELECT bin, transactions, confirmed_fraud, false_positives FROM score_histogram WHERE bin_width = $1',
      [count === 20 ? 0.05 : 0.01],
    );
    // The projection only has rows for bins that saw a score: answer every bin, empty ones as zero,
    // so a chart (and a PSI) always gets `bins` points; bounds k/bins are exact.
    const byBin = new Map(rows.map((row) => [row.bin, row]));
    return Array.from({ length: count }, (_, bin) => {
      const row = byBin.get(bin);
      return {
        lower: bin / count,
        upper: (bin + 1) / count,
        transactions: row?.transactions ?? 0,
        confirmedFraud: row?.confirmed_fraud ?? 0,
        falsePositives: row?.false_positives ?? 0,
      };
    });
  }

  private async risky(
    dimension: keyof typeof RISK_TABLES,
    limit: number | null | undefined,
  ): Promise<RiskAggregate[]> {
    const table = RISK_TABLES[dimension];
    const { rows } = await this.pool.query<Record<string, string | number>>(
      `SELECT ${dimension}_id AS id, transactions, suspected, blocked, chargebacks, confirmed_fraud, exposure
         FROM ${table} ORDER BY ${dimension === 'customer' ? 'exposure DESC' : 'confirmed_fraud DESC, suspected DESC'}, ${dimension}_id LIMIT $1`,
      [pageSize(limit, 10, 100)],
    );
    return rows.map((row) => ({
      id: String(row.id),
      transactions: Number(row.transactions),
      suspected: Number(row.suspected),
      blocked: Number(row.blocked),
      chargebacks: Number(row.chargebacks),
      confirmedFraud: Number(row.confirmed_fraud),
      exposure: Number(row.exposure),
      fraudRate: Number(row.transactions) === 0 ? 0 : Number(row.suspected) / Number(row.transactions),
    }));
  }

  @Query(() => [RiskAggregate])
  riskyMerchants(
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<RiskAggregate[]> {
    return this.risky('merchant', limit);
  }

  @Query(() => [RiskAggregate])
  riskyCountries(
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<RiskAggregate[]> {
    return this.risky('country', limit);
  }

  @Query(() => [RiskAggregate], { description: 'Customers with the largest exposure.' })
  exposedCustomers(
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<RiskAggregate[]> {
    return this.risky('customer', limit);
  }

  @Query(() => [ActivityEntry], { description: 'Latest steps on any alert, newest first.' })
  async recentActivity(
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<ActivityEntry[]> {
    const { rows } = await this.pool.query<{
      alert_id: string;
      version: number;
      type: string;
      actor_id: string;
      actor_role: string;
      at: Date;
    }>(
      'SELECT alert_id, version, type, actor_id, actor_role, at FROM alert_timeline ORDER BY at DESC, alert_id, version LIMIT $1',
      [pageSize(limit, 20, 100)],
    );
    return rows.map((row) => ({
      alertId: row.alert_id,
      version: row.version,
      type: row.type,
      actorId: row.actor_id,
      actorRole: row.actor_role,
      at: row.at.toISOString(),
    }));
  }
}
