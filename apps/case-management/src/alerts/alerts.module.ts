// Alerts: the queue and one alert (queries), the alert use cases (commands), live updates.
import { Module } from '@nestjs/common';
import { AlertCommandHandler } from './alert-commands/alert-command.handler.js';
import { AlertMutationsResolver } from './alert-commands/alert-mutations.resolver.js';
import { AlertFeed } from './alert-feed/alert-feed.service.js';
import { AlertSubscriptionsResolver } from './alert-feed/alert-subscriptions.resolver.js';
import { AlertQueriesResolver } from './alert-queries.resolver.js';

@Module({
  providers: [
    AlertCommandHandler,
    AlertMutationsResolver,
    AlertQueriesResolver,
    AlertFeed,
    AlertSubscriptionsResolver,
  ],
})
export class AlertsModule {}
