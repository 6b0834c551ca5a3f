// Test plumbing (not a suite): the ingest Nest app in-process on a free port with a given bus.
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TRANSACTION_BUS, type TransactionBus } from '#messaging';
import { loadIngestConfig } from '../ingest.config.js';
import { IngestModule } from '../ingest.module.js';

/** What the API answers; `error` is there on 4xx/5xx (tests assert the status first). */
export interface ResponseBody {
  readonly accepted?: number;
  readonly transactionId?: string;
  readonly error: { code: string; message: string; details: { field: string; problem: string }[] };
}

export interface IngestUnderTest {
  readonly url: string;
  readonly app: INestApplication;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: ResponseBody }>;
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
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
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
      let parsed = text as unknown as ResponseBody;
      try {
        parsed = JSON.parse(text) as ResponseBody;
      } catch {
        // Not JSON: the assertions on `body` will say so.
      }
      return { status: response.status, body: parsed };
    },
    close: () => app.close(),
  };
}
