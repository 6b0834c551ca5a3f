// GraphQL subscriptions over graphql-ws: `alertRaised` (new alerts) and `alertUpdated` (every later
// step; optionally one alert only). Both need an analyst or supervisor token in connection_init.
import { Inject } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { Alert } from '../alert.model.js';
import { AlertFeed, type AlertChange } from './alert-feed.service.js';

@Resolver(() => Alert)
export class AlertSubscriptionsResolver {
  constructor(@Inject(AlertFeed) private readonly feed: AlertFeed) {}

  @Subscription(() => Alert, { resolve: (change: AlertChange) => change.alert })
  alertRaised(): AsyncIterableIterator<AlertChange> {
    return this.feed.changes.subscribe((change) => change.eventType === 'AlertRaised');
  }

  @Subscription(() => Alert, { resolve: (change: AlertChange) => change.alert })
  alertUpdated(
    @Args('id', { type: () => ID, nullable: true }) id?: string | null,
  ): AsyncIterableIterator<AlertChange> {
    return this.feed.changes.subscribe(
      (change) => change.eventType !== 'AlertRaised' && (!id || change.alert.id === id),
    );
  }
}
