// How the scoring service starts: its name, configuration, port and root module.
import type { ServiceDefinition } from '#platform';
import { type ScoringConfig, loadScoringConfig } from './scoring.config.js';
import { ScoringModule } from './scoring.module.js';

export const scoringService: ServiceDefinition<ScoringConfig> = {
  name: 'scoring',
  loadConfig: () => loadScoringConfig(),
  port: (config) => config.SCORING_PORT,
  logLevel: (config) => config.LOG_LEVEL,
  createModule: (config) => ScoringModule.create(config),
};
