// Configuration of the projections service, validated at boot.
import { z } from 'zod';
import { commonVariables, databaseVariables, eventStoreVariables, loadConfig, portVariable } from '#platform';

const positiveInteger = (fallback: number, what: string) =>
  z.coerce
    .number({ message: `must be a positive whole number (${what})` })
    .int({ message: `must be a positive whole number (${what})` })
    .positive({ message: `must be a positive whole number (${what})` })
    .default(fallback);

export const projectionsConfigSchema = commonVariables
  .extend(databaseVariables.shape)
  .extend({
    PROJECTIONS_PORT: portVariable(3003),
    /** Events per batch (one transaction each); larger batches catch up faster. */
    PROJECTIONS_BATCH_SIZE: positiveInteger(2000, 'events per batch, e.g. 2000'),
    /** How often lag and events/s are measured for /metrics. */
    PROJECTIONS_LAG_PROBE_MS: positiveInteger(5000, 'milliseconds, e.g. 5000'),
  })
  .and(eventStoreVariables);

export type ProjectionsConfig = z.infer<typeof projectionsConfigSchema>;

export const loadProjectionsConfig = (
  env: Record<string, string | undefined> = process.env,
): ProjectionsConfig => loadConfig(projectionsConfigSchema, env);
