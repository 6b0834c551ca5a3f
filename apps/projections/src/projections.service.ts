// How the projections service starts: its name, configuration, port and root module.
import type { ServiceDefinition } from '#platform';
import { type ProjectionsConfig, loadProjectionsConfig } from './projections.config.js';
import { ProjectionsModule } from './projections.module.js';

export const projectionsService: ServiceDefinition<ProjectionsConfig> = {
  name: 'projections',
  loadConfig: () => loadProjectionsConfig(),
  port: (config) => config.PROJECTIONS_PORT,
  logLevel: (config) => config.LOG_LEVEL,
  createModule: (config) => ProjectionsModule.create(config),
};
