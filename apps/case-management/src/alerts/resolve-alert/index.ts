// resolveAlert: its command handler and GraphQL resolver, registered together by AlertsModule.
import { ResolveAlertHandler } from './resolve-alert.handler.js';
import { ResolveAlertResolver } from './resolve-alert.resolver.js';

export const resolveAlert = [ResolveAlertHandler, ResolveAlertResolver];
