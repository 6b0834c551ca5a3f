// Variables several services read, defined once so each service's schema says the same thing.
import { z } from 'zod';
import { databaseUrlVariable, kafkaBrokersVariable, logLevelVariable } from './load-config.js';

export const eventStoreVariables = z
  .object({
    EVENT_STORE: z
      .enum(['postgres', 'eventstoredb'], { message: 'must be "postgres" (default) or "eventstoredb"' })
      .default('postgres'),
    EVENTSTORE_URL: z
      .string()
      .regex(
        /^(esdb|kurrentdb|kdb)(\+discover)?:\/\//,
        'must be an esdb:// or kurrentdb:// connection string',
      )
      .optional(),
  })
  .refine((env) => env.EVENT_STORE !== 'eventstoredb' || env.EVENTSTORE_URL !== undefined, {
    path: ['EVENTSTORE_URL'],
    message: 'is required when EVENT_STORE=eventstoredb, e.g. esdb://127.0.0.1:2113?tls=false',
  });

export const commonVariables = z.object({ LOG_LEVEL: logLevelVariable });
export const databaseVariables = z.object({ DATABASE_URL: databaseUrlVariable });
export const kafkaVariables = z.object({ KAFKA_BROKERS: kafkaBrokersVariable });
