// Validates an app's environment against its schema once, at boot. A bad value stops the process
// with a message that names the variable, what is wrong and what would fix it.
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = value === undefined ? 'unset' : `"${value}"`;
    return `${variable} (${shown}): ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** A TCP port from the environment, with a default. */
export const portVariable = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number between 1 and 65535' })
    .int('must be a whole number')
    .min(1, 'must be a port number between 1 and 65535')
    .max(65535, 'must be a port number between 1 and 65535')
    .default(fallback);

export const logLevelVariable = z
  .enum(['error', 'warn', 'info', 'debug', 'verbose'], {
    message: 'must be one of error, warn, info, debug, verbose',
  })
  .default('info');

export const databaseUrlVariable = z
  .string({
    message:
      'is required, also with EVENT_STORE=eventstoredb (the read tables, projection checkpoints and ' +
      'customer state are always on PostgreSQL): a PostgreSQL connection string, e.g. ' +
      'postgres://user:pass@host:5432/db',
  })
  .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://');

/** Comma-separated host:port list, e.g. "127.0.0.1:9092,kafka-2:9092". */
export const kafkaBrokersVariable = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .refine((brokers) => brokers.length > 0 && brokers.every((broker) => /^[^\s:]+:\d{1,5}$/.test(broker)), {
    message: 'must be a comma-separated list of host:port, e.g. 127.0.0.1:9092',
  });
