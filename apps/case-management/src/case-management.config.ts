// Configuration of the case-management service (GraphQL API and console), validated at boot.
import { z } from 'zod';
import { commonVariables, databaseVariables, eventStoreVariables, loadConfig, portVariable } from '#platform';

export const caseManagementConfigSchema = commonVariables
  .extend(databaseVariables.shape)
  .extend({
    PORT: portVariable(3000),
    JWT_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (HS256 key); e.g. `openssl rand -hex 32`')
      .optional(),
    JWT_JWKS_URL: z.url({ message: 'must be the https URL of the OIDC issuer keys (JWKS)' }).optional(),
    JWT_ISSUER: z.string().optional(),
    JWT_AUDIENCE: z.string().optional(),
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
