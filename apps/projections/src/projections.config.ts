// Configuration of the projections service, validated at boot.
import { z } from 'zod';
import { commonVariables, databaseVariables, eventStoreVariables, loadConfig, portVariable } from '#platform';
import { DEFAULT_CATCH_UP_PAGE, DEFAULT_PAGE } from './runner/projection-feed.js';

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
    /** Events per page near the feed's head (one transaction per projection and page). */
    PROJECTIONS_BATCH_SIZE: positiveInteger(DEFAULT_PAGE, 'events per page, e.g. 2000'),
    /**
     * Largest page while catching up (a restart far behind, a rebuild): pages double from
     * PROJECTIONS_BATCH_SIZE while the read is behind the head. Below PROJECTIONS_BATCH_SIZE: pages
     * do not grow.
     */
    PROJECTIONS_CATCH_UP_BATCH_SIZE: positiveInteger(DEFAULT_CATCH_UP_PAGE, 'events per page, e.g. 10000'),
    /** How often lag and events/s are measured for /metrics. */
    PROJECTIONS_LAG_PROBE_MS: positiveInteger(5000, 'milliseconds, e.g. 5000'),
  })
  .and(eventStoreVariables);

export type ProjectionsConfig = z.infer<typeof projectionsConfigSchema>;

export const loadProjectionsConfig = (
  env: Record<string, string | undefined> = process.env,
): ProjectionsConfig => loadConfig(projectionsConfigSchema, env);
