// Configuration of the ingest service, validated at boot.
import { type z } from 'zod';
import { commonVariables, kafkaVariables, loadConfig, portVariable } from '#platform';

export const ingestConfigSchema = commonVariables
  .extend(kafkaVariables.shape)
  .extend({ INGEST_PORT: portVariable(3001) });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadIngestConfig = (env: Record<string, string | undefined> = process.env): IngestConfig =>
  loadConfig(ingestConfigSchema, env);
