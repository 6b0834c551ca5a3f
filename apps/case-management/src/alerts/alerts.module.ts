// Alerts: the queue and one alert (queries), the alert use cases (commands), live updates.
import { Module } from '@nestjs/common';
import { AlertCommandHandler } from './alert-commands/alert-command.handler.js';
import { AlertMutationsResolver } from './alert-commands/alert-mutations.resolver.js';
import { AlertQueriesResolver } from './alert-queries.resolver.js';

@Module({
  providers: [AlertCommandHandler, AlertMutationsResolver, AlertQueriesResolver],
})
export class AlertsModule {}
