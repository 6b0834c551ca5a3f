// Test plumbing for the API: the real app on a free port over a fresh database, tokens, a GraphQL
// client over HTTP. The scoring stand-in (raiseAlert) is in scoring-stand-in.spec-helpers.ts.
import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import pg from 'pg';
import { startService } from '#platform';
import { InMemoryEventStore, PostgresEventStore, type EventStore } from '#eventstore';
import { createTestDatabase, waitFor, type TestDatabase } from '#testing';
import { loadCaseManagementConfig } from '../case-management.config.js';
import { CaseManagementModule } from '../case-management.module.js';
import { caseManagementService } from '../case-management.service.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export async function token(
  sub: string,
  role: string,
  { secret = TEST_SECRET, expiresIn = '1h' }: { secret?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export interface GraphqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface ApiHarness {
  readonly url: string;
  readonly app: INestApplication;
  readonly database: TestDatabase;
  readonly store: EventStore;
  readonly pool: pg.Pool;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    authorization?: string | null,
  ): Promise<GraphqlResult<T>>;
  /** Resolves once /ready is 200 (the alert feed is live: subscriptions see every new alert). */
  waitUntilReady(): Promise<void>;
  close(): Promise<void>;
}

export async function startApi(
  env: Record<string, string> = {},
  { store: kind = 'postgres' }: { store?: 'postgres' | 'memory' } = {},
): Promise<ApiHarness> {
  const database = await createTestDatabase('case_mgmt');
  const config = loadCaseManagementConfig({
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_SECRET,
    PORT: '1',
    LOG_LEVEL: 'error',
    ...env,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const store: EventStore = kind === 'memory' ? new InMemoryEventStore() : new PostgresEventStore({ pool });
  const app: INestApplication = await startService(
    {
      ...caseManagementService,
      createModule: (c) => CaseManagementModule.create(c, kind === 'memory' ? { eventStore: store } : {}),
    },
    { ...config, PORT: 0 },
  );
  const server = app.getHttpServer() as { address(): { port: number } };
  const address = server.address();
  const url = `http://127.0.0.1:${address.port}/graphql`;
  return {
    url,
    app,
    database,
    store,
    pool,
    async gql(query, variables = {}, authorization = null) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async waitUntilReady() {
      const ready = url.replace(/\/graphql$/, '/ready');
      await waitFor(async () => (await fetch(ready)).ok, {
        timeoutMs: 30_000,
        what: `${ready} to answer 200`,
      });
    },
    async close() {
      await app.close();
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}

export { raiseAlert } from './scoring-stand-in.spec-helpers.js';
