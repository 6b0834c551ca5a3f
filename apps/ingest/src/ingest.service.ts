// How the ingest service starts: its name, configuration, port and root module.
import type { ServiceDefinition } from '#platform';
import { type IngestConfig, loadIngestConfig } from './ingest.config.js';
import { IngestModule } from './ingest.module.js';

export const ingestService: ServiceDefinition<IngestConfig> = {
  name: 'ingest',
  loadConfig: () => loadIngestConfig(),
  port: (config) => config.INGEST_PORT,
  logLevel: (config) => config.LOG_LEVEL,
  createModule: (config) => IngestModule.create(config),
};
