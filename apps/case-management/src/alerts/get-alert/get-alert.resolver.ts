// Alert queries: the queue (`alerts`, from the fraud_alerts read table, cursor-paginated) and one
// alert (`alert`, folded from its stream, so it is never behind the last command). Timeline and notes
// come with an alert built from events, else from its stream.
import { Inject } from '@nestjs/common';
import {
  Args,
  Field,
  Float,
  ID,
  InputType,
  Int,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { alertStreamId, transactionStreamId, type AlertStatus } from '#domain';
import type { EventStore } from '#eventstore';
import type pg from 'pg';
import { EVENT_STORE, READ_POOL } from '../event-store/event-store.module.js';
import { pageSize, requireId } from '../graphql/validate-input.js';
import { Alert, AlertConnection, AlertNote, AlertStatusEnum, TimelineEntry } from './alert.model.js';
import { toAlert } from './alert-mapping.js';
import { mergeTimelines, transactionSteps } from './alert-timeline.js';
import { alertViewOf } from './alert-view.js';
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
export class AlertQueriesResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_POOL) private readonly pool: pg.Pool,
  ) {}

  @Query(() => AlertConnection, { description: 'Alerts, newest first.' })
  alerts(
    @Args('filter', { type: () => AlertFilter, nullable: true }) filter?: AlertFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AlertConnection> {
    return listAlerts(this.pool, filter ?? {}, pageSize(first, 20, 100), after ?? null);
  }

  @Query(() => Alert, { nullable: true })
  async alert(@Args('id', { type: () => ID }) id: string): Promise<Alert | null> {
    const view = alertViewOf(await this.store.readStream(alertStreamId(requireId('id', id))));
    return view ? toAlert(view) : null;
  }

  private async withHistory(alert: Alert): Promise<Alert> {
    if (alert.timelineEntries && alert.notesList) return alert;
    const view = alertViewOf(await this.store.readStream(alertStreamId(alert.id)));
    return view ? toAlert(view) : { ...alert, timelineEntries: [], notesList: [] };
  }

  @ResolveField('timeline', () => [TimelineEntry], {
    description:
      "Every step, oldest first: the alert's own and its transaction's block / release / chargeback.",
  })
  async timeline(@Parent() alert: Alert): Promise<TimelineEntry[]> {
    const streamId = transactionStreamId(alert.transactionId);
    const [withHistory, transactionEvents] = await Promise.all([
      this.withHistory(alert),
      this.store.readStream(streamId),
    ]);
    return mergeTimelines(withHistory.timelineEntries ?? [], transactionSteps(streamId, transactionEvents));
  }

  @ResolveField('notes', () => [AlertNote])
  async notes(@Parent() alert: Alert): Promise<AlertNote[]> {
    return (await this.withHistory(alert)).notesList ?? [];
  }
}
