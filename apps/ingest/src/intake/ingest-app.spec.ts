// Test plumbing (not a suite): the ingest Nest app in-process on a free port with a given bus.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TRANSACTION_BUS, type TransactionBus } from '#messaging';
import { loadIngestConfig } from '../ingest.config.js';
import { IngestModule } from '../ingest.module.js';

export interface IngestUnderTest {
  readonly url: string;
  readonly app: INestApplication;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startIngest(bus: TransactionBus): Promise<IngestUnderTest> {
  const config = loadIngestConfig({ KAFKA_BROKERS: '127.0.0.1:9092', LOG_LEVEL: 'error' });
  const app = await NestFactory.create(
    IngestModule.create(config, { provide: TRANSACTION_BUS, useValue: bus }),
    {
      logger: false,
    },
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    app,
    async post(path, body, headers = { 'content-type': 'application/json' }) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the assertions on `body` will say so.
      }
      return { status: response.status, body: parsed };
    },
    close: () => app.close(),
  };
}
