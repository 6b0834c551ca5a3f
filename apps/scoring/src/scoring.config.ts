// Configuration of the scoring service, validated at boot.
import { z } from 'zod';
import {
  commonVariables,
  databaseVariables,
  eventStoreVariables,
  kafkaVariables,
  loadConfig,
  portVariable,
} from '#platform';

const positiveInteger = (what: string, fallback: number, max: number) =>
  z.coerce
    .number({ message: `must be a whole number (${what})` })
    .int(`must be a whole number (${what})`)
    .min(1, `must be at least 1 (${what})`)
    .max(max, `must be at most ${max} (${what})`)
    .default(fallback);

export const scoringConfigSchema = commonVariables
  .extend(databaseVariables.shape)
  .extend(kafkaVariables.shape)
  .extend({
    SCORING_PORT: portVariable(3002),
    MODEL_PATH: z.string().min(1, 'must be the path of an .onnx model file').default('models/current.onnx'),
    /** Largest slice of a partition's Kafka batch scored (and appended) in one go. */
    SCORING_BATCH_SIZE: positiveInteger('transactions scored per append', 2_000, 10_000),
    SCORING_GROUP_ID: z
      .string()
      .regex(/^[\w.-]{1,200}$/, 'must be a Kafka group id: letters, digits, . _ -')
      .default('scoring'),
    /** Customers whose feature state stays in memory; the rest is recovered from PostgreSQL on demand. */
    SCORING_CACHE_CUSTOMERS: positiveInteger('customers kept in memory', 200_000, 10_000_000),
    /** Partitions of the topics scoring creates when they are missing. */
    KAFKA_PARTITIONS: positiveInteger('partitions of created topics', 6, 1_000),
    /** Prepended to every topic name (tests, several environments on one cluster). Default none. */
    SCORING_TOPIC_PREFIX: z
      .string()
      .regex(/^[\w.-]{0,100}$/, 'must be letters, digits, . _ - (it is prepended to the topic names)')
      .default(''),
  })
  .and(eventStoreVariables);

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

export const loadScoringConfig = (env: Record<string, string | undefined> = process.env): ScoringConfig =>
  loadConfig(scoringConfigSchema, env);
