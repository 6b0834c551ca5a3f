// unassignAlert: its command handler and GraphQL resolver, registered together by AlertsModule.
import { UnassignAlertHandler } from './unassign-alert.handler.js';
import { UnassignAlertResolver } from './unassign-alert.resolver.js';

export const unassignAlert = [UnassignAlertHandler, UnassignAlertResolver];
