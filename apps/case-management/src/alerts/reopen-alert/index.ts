// reopenAlert: its command handler and GraphQL resolver, registered together by AlertsModule.
import { ReopenAlertHandler } from './reopen-alert.handler.js';
import { ReopenAlertResolver } from './reopen-alert.resolver.js';

export const reopenAlert = [ReopenAlertHandler, ReopenAlertResolver];
