// The HTTP server a service runs on. Express is Nest's default and what ingest's body handling is
// written for; Fastify halves the per-request cost of the HTTP layer, which is most of the GraphQL
// API's floor (docs/BENCHMARKS.md, "The API on Fastify"), so case-management runs on it. A module
// that serves HTTP itself (health, the console) uses only what both platforms share: Nest's
// HttpAdapterHost and Node's own request and response objects.
import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type HttpPlatform = 'express' | 'fastify';

/** Largest request body the Fastify services accept (Express's JSON parser in Nest: 100 KiB). */
export const FASTIFY_BODY_LIMIT = 1024 * 1024;

export async function createHttpApp(
  module: unknown,
  platform: HttpPlatform,
  options: { logger: LoggerService | false; abortOnError?: boolean },
): Promise<INestApplication> {
  if (platform === 'fastify') {
    return NestFactory.create(
      module as never,
      new FastifyAdapter({ bodyLimit: FASTIFY_BODY_LIMIT }),
      options,
    );
  }
  return NestFactory.create(module as never, options);
}

/**
 * Listens on every interface, as Express does by default (Fastify alone would listen on localhost
 * only, unreachable from outside a container): IPv6 and IPv4 where the host has IPv6, else IPv4.
 */
export async function listenEverywhere(app: INestApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
    await app.listen(port, '0.0.0.0');
  }
}
