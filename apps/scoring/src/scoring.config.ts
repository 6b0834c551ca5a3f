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

export const scoringConfigSchema = commonVariables
  .extend(databaseVariables.shape)
  .extend(kafkaVariables.shape)
  .extend({
    SCORING_PORT: portVariable(3002),
    MODEL_PATH: z.string().min(1, 'must be the path of an .onnx model file').default('models/current.onnx'),
  })
  .and(eventStoreVariables);

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

export const loadScoringConfig = (env: Record<string, string | undefined> = process.env): ScoringConfig =>
  loadConfig(scoringConfigSchema, env);
