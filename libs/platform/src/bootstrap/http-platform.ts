// The HTTP server a service runs on. Express is Nest's default and what ingest's body handling is
// written for; Fastify halves the per-request cost of the HTTP layer, which is most of the GraphQL
// API's floor (docs/BENCHMARKS.md, "The API on Fastify"), so case-management runs on it. A module
// that serves HTTP itself (health, the console) uses only what both platforms share: Nest's
// HttpAdapterHost and Node's own request and response objects.
import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type HttpPlatform = 'express' | 'fastify';

/**
 * Fastify's limits set to what Node's server and Nest's Express parser give (found in review):
 * a 100 KiB body (Fastify: 1 MiB, parsed before authentication), requests cut after 300 s (Fastify:
 * never), idle keep-alive connections closed after 5 s (Fastify: 72 s).
 */
export const FASTIFY_LIMITS = { bodyLimit: 100 * 1024, requestTimeout: 300_000, keepAliveTimeout: 5_000 };

export async function createHttpApp(
  module: unknown,
  platform: HttpPlatform,
  options: { logger: LoggerService | false; abortOnError?: boolean },
): Promise<INestApplication> {
  if (platform === 'fastify') {
    return NestFactory.create(module as never, new FastifyAdapter(FASTIFY_LIMITS), options);
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
