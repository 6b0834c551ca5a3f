// setRiskThresholds: its command handler and GraphQL resolver, registered together.
import { SetRiskThresholdsHandler } from './set-risk-thresholds.handler.js';
import { SetRiskThresholdsResolver } from './set-risk-thresholds.resolver.js';

export const setRiskThresholds = [SetRiskThresholdsHandler, SetRiskThresholdsResolver];
