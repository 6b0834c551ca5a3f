// Configuration of the projections service, validated at boot.
import { type z } from 'zod';
import { commonVariables, databaseVariables, eventStoreVariables, loadConfig, portVariable } from '#platform';

export const projectionsConfigSchema = commonVariables
  .extend(databaseVariables.shape)
  .extend({ PROJECTIONS_PORT: portVariable(3003) })
  .and(eventStoreVariables);

export type ProjectionsConfig = z.infer<typeof projectionsConfigSchema>;

export const loadProjectionsConfig = (
  env: Record<string, string | undefined> = process.env,
): ProjectionsConfig => loadConfig(projectionsConfigSchema, env);
