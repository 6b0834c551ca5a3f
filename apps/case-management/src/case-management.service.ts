// How the case-management service starts: its name, configuration, port and root module.
import type { ServiceDefinition } from '#platform';
import { type CaseManagementConfig, loadCaseManagementConfig } from './case-management.config.js';
import { CaseManagementModule } from './case-management.module.js';

export const caseManagementService: ServiceDefinition<CaseManagementConfig> = {
  name: 'case-management',
  loadConfig: () => loadCaseManagementConfig(),
  port: (config) => config.PORT,
  logLevel: (config) => config.LOG_LEVEL,
  createModule: (config) => CaseManagementModule.create(config),
  // Fastify: about half of Express's cost per request, which was most of the API's floor
  // (docs/BENCHMARKS.md, "The API on Fastify").
  http: 'fastify',
};
