// Configuration of the case-management service (GraphQL API and console), validated at boot.
import { z } from 'zod';
import { commonVariables, databaseVariables, eventStoreVariables, loadConfig, portVariable } from '#platform';

const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number({ message: `must be a whole number (${name})` })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(fallback);

const booleanFlag = z
  .enum(['true', 'false'], { message: 'must be "true" or "false"' })
  .transform((value) => value === 'true')
  .optional();

export const caseManagementConfigSchema = commonVariables
  .extend(databaseVariables.shape)
  .extend({
    PORT: portVariable(3000),
    NODE_ENV: z.string().optional(),
    JWT_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (HS256 key); e.g. `openssl rand -hex 32`')
      .optional(),
    JWT_JWKS_URL: z.url({ message: 'must be the https URL of the OIDC issuer keys (JWKS)' }).optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
    /** Introspection and the GraphiQL console; default on, off when NODE_ENV=production. */
    GRAPHQL_INTROSPECTION: booleanFlag,
    GRAPHQL_MAX_DEPTH: positiveInt('maximum selection depth of a GraphQL operation', 8),
    GRAPHQL_MAX_COST: positiveInt('maximum estimated cost of a GraphQL operation', 5000),
    /**
     * PostgreSQL connections of the API (reads and appends share them). More than the database's
     * cores can run only adds contention: on 2 cores, claims cost the server 0.62-0.73 ms of CPU with
     * 5, 0.78-1.04 with 10 and 0.94-1.27 with 20 (docs/BENCHMARKS.md, "The API on Fastify, queries compiled, fewer connections").
     */
    DATABASE_POOL_SIZE: z.coerce
      .number({ message: 'must be a whole number (PostgreSQL connections of the API)' })
      .int('must be a whole number')
      .min(2, 'must be at least 2: the event store keeps one connection listening for appends')
      .default(10),
    /** The ONNX model in use; its metadata JSON sits beside it (models/<version>.json). */
    MODEL_PATH: z.string().optional(),
  })
  .and(eventStoreVariables)
  .refine((env) => env.JWT_SECRET !== undefined || env.JWT_JWKS_URL !== undefined, {
    path: ['JWT_SECRET'],
    message: 'is required unless JWT_JWKS_URL is set: tokens cannot be verified without a key',
  });

export type CaseManagementConfig = z.infer<typeof caseManagementConfigSchema>;

export const loadCaseManagementConfig = (
  env: Record<string, string | undefined> = process.env,
): CaseManagementConfig => loadConfig(caseManagementConfigSchema, env);

/** Introspection (and the console) is on unless NODE_ENV=production and it was not asked for. */
export const introspectionEnabled = (config: CaseManagementConfig): boolean =>
  config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production';
