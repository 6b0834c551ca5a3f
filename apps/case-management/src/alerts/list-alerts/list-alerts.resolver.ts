// `alerts`: the queue, from the fraud_alerts read table (what the projections keep), newest first,
// cursor-paginated, filtered by status, score, assignee and customer.
import { Inject } from '@nestjs/common';
import { Args, Field, Float, InputType, Int, Query, Resolver } from '@nestjs/graphql';
import type { AlertStatus } from '#domain';
import type pg from 'pg';
import { READ_POOL } from '../../event-store/event-store.module.js';
import { pageSize } from '../../graphql/validate-input.js';
import { Alert, AlertConnection, AlertStatusEnum } from '../alert.model.js';
import { listAlerts } from './list-alerts.sql.js';

@InputType()
export class AlertFilter {
  @Field(() => [AlertStatusEnum], { nullable: true })
  status?: AlertStatus[] | null;
  @Field(() => Float, { nullable: true, description: 'Only alerts with riskScore >= minScore.' })
  minScore?: number | null;
  @Field(() => String, { nullable: true })
  assignee?: string | null;
  @Field(() => String, { nullable: true })
  customerId?: string | null;
}

@Resolver(() => Alert)
export class ListAlertsResolver {
  constructor(@Inject(READ_POOL) private readonly pool: pg.Pool) {}

  @Query(() => AlertConnection, { description: 'Alerts, newest first.' })
  alerts(
    @Args('filter', { type: () => AlertFilter, nullable: true }) filter?: AlertFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AlertConnection> {
    return listAlerts(this.pool, filter ?? {}, pageSize(first, 20, 100), after ?? null);
  }
}
