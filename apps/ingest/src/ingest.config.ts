// Configuration of the ingest service, validated at boot.
import { z } from 'zod';
import { commonVariables, kafkaVariables, loadConfig, portVariable } from '#platform';

export const ingestConfigSchema = commonVariables.extend(kafkaVariables.shape).extend({
  INGEST_PORT: portVariable(3001),
  /** Partitions of the bus topics when ingest creates them (existing topics are left as they are). */
  KAFKA_PARTITIONS: z.coerce
    .number({ message: 'must be a whole number of partitions between 1 and 1000' })
    .int('must be a whole number of partitions between 1 and 1000')
    .min(1, 'must be a whole number of partitions between 1 and 1000')
    .max(1000, 'must be a whole number of partitions between 1 and 1000')
    .default(6),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadIngestConfig = (env: Record<string, string | undefined> = process.env): IngestConfig =>
  loadConfig(ingestConfigSchema, env);
