// claimAlert: its command handler and GraphQL resolver, registered together by AlertsModule.
import { ClaimAlertHandler } from './claim-alert.handler.js';
import { ClaimAlertResolver } from './claim-alert.resolver.js';

export const claimAlert = [ClaimAlertHandler, ClaimAlertResolver];
