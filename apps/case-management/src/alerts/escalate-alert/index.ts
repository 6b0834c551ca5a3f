// escalateAlert: its command handler and GraphQL resolver, registered together by AlertsModule.
import { EscalateAlertHandler } from './escalate-alert.handler.js';
import { EscalateAlertResolver } from './escalate-alert.resolver.js';

export const escalateAlert = [EscalateAlertHandler, EscalateAlertResolver];
