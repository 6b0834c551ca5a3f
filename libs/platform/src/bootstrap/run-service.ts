// Starts one service as its own process: validated config first (a bad value exits with a message
// naming the variable), JSON logs, shutdown hooks so SIGTERM/SIGINT close connections cleanly.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ConfigError } from '../config/load-config.js';
import { JsonLogger, type LogLevel } from '../logging/json-logger.js';
import { createHttpApp, type HttpPlatform, listenEverywhere } from './http-platform.js';

export interface ServiceDefinition<Config> {
  readonly name: string;
  loadConfig(): Config;
  port(config: Config): number;
  logLevel(config: Config): LogLevel;
  createModule(config: Config): unknown;
  /** The HTTP server under Nest: Express unless the service says otherwise (http-platform.ts). */
  readonly http?: HttpPlatform;
}

export async function startService<Config>(
  definition: ServiceDefinition<Config>,
  config: Config,
): Promise<INestApplication> {
  const logger = new JsonLogger(definition.name, definition.logLevel(config));
  const app = await createHttpApp(definition.createModule(config), definition.http ?? 'express', {
    logger,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await listenEverywhere(app, definition.port(config));
  logger.log({ msg: `${definition.name} listening`, port: definition.port(config) }, 'Bootstrap');
  return app;
}

/** Entry point of `npm run start:<app>`: exits non-zero with a clear message when it cannot start. */
export async function runService<Config>(definition: ServiceDefinition<Config>): Promise<void> {
  let config: Config;
  try {
    config = definition.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  try {
    await startService(definition, config);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', service: definition.name, msg: 'failed to start', error: message })}\n`,
    );
    process.exit(1);
  }
}
