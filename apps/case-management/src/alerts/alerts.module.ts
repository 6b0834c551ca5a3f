// Alerts: the queue and one alert (queries), one folder per use case (command, handler, GraphQL
// resolver), live updates. Each use-case folder exports its providers; this module only lists them.
import { Module } from '@nestjs/common';
import { addAlertNote } from './add-alert-note/index.js';
import { AlertFeed } from './alert-feed/alert-feed.service.js';
import { AlertSubscriptionsResolver } from './alert-feed/alert-subscriptions.resolver.js';
import { claimAlert } from './claim-alert/index.js';
import { escalateAlert } from './escalate-alert/index.js';
import { GetAlertResolver } from './get-alert/get-alert.resolver.js';
import { ListAlertsResolver } from './list-alerts/list-alerts.resolver.js';
import { reopenAlert } from './reopen-alert/index.js';
import { resolveAlert } from './resolve-alert/index.js';
import { unassignAlert } from './unassign-alert/index.js';

@Module({
  providers: [
    ListAlertsResolver,
    GetAlertResolver,
    ...claimAlert,
    ...unassignAlert,
    ...addAlertNote,
    ...escalateAlert,
    ...resolveAlert,
    ...reopenAlert,
    AlertFeed,
    AlertSubscriptionsResolver,
  ],
})
export class AlertsModule {}
