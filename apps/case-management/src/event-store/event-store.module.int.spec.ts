// The API's event store is the one EVENT_STORE names: PostgreSQL on the read pool by default,
// EventStoreDB otherwise (the read tables staying on PostgreSQL), and /ready reports on it. No
// EventStoreDB server runs here: the EventStoreDB case points at a closed port, which is enough to
// see which store the API writes to and that /ready says so.
import { EventStoreDbEventStore, PostgresEventStore } from '#eventstore';
import type pg from 'pg';
import { startApi, type ApiHarness } from '../testing/api.spec-helpers.js';
import { loadCaseManagementConfig } from '../case-management.config.js';
import { EVENT_STORE, READ_POOL } from './event-store.module.js';

interface ReadyReport {
  readonly ready: boolean;
  readonly checks: Record<string, { ok: boolean; detail?: string }>;
}

async function readiness(api: ApiHarness): Promise<{ status: number; report: ReadyReport }> {
  const response = await fetch(api.url.replace(/\/graphql$/, '/ready'));
  return { status: response.status, report: (await response.json()) as ReadyReport };
}

describe('the API event store', () => {
  it('is PostgreSQL on the read pool by default, and /ready says it answers', async () => {
    const api = await startApi();
    try {
      const store = api.app.get<PostgresEventStore>(EVENT_STORE);
      expect(store).toBeInstanceOf(PostgresEventStore);
      // One pool for the store and the read tables, as before EVENT_STORE was honoured.
      expect(store.pool).toBe(api.app.get<pg.Pool>(READ_POOL));
      expect(store.pool.options.max).toBe(10);
      const { report } = await readiness(api);
      expect(report.checks['event-store']).toEqual({ ok: true, detail: 'postgres: reachable' });
    } finally {
      await api.close();
    }
  });

  it('has DATABASE_POOL_SIZE connections, and refuses a size that is not a whole number', async () => {
    const api = await startApi({ DATABASE_POOL_SIZE: '4' });
    try {
      expect(api.app.get<pg.Pool>(READ_POOL).options.max).toBe(4);
    } finally {
      await api.close();
    }
    const env = { DATABASE_URL: 'postgres://127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadCaseManagementConfig({ ...env, DATABASE_POOL_SIZE: '1' })).toThrow(
      /DATABASE_POOL_SIZE.*at least 2: the event store keeps one connection listening/,
    );
    expect(() => loadCaseManagementConfig({ ...env, DATABASE_POOL_SIZE: 'many' })).toThrow(
      /DATABASE_POOL_SIZE.*must be a whole number \(PostgreSQL connections of the API\)/,
    );
  });

  it('is EventStoreDB with EVENT_STORE=eventstoredb, and /ready reports it unreachable', async () => {
    const api = await startApi({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false',
    });
    try {
      expect(api.app.get(EVENT_STORE)).toBeInstanceOf(EventStoreDbEventStore);
      const { status, report } = await readiness(api);
      expect(status).toBe(503);
      expect(report.checks['event-store']?.ok).toBe(false);
      expect(report.checks['event-store']?.detail).toMatch(
        /^eventstoredb: EventStoreDB failed while reading the version of readiness-probe: /,
      );
      // The read tables are still PostgreSQL's (migrated, answering); the event tables are not made.
      const { rows } = await api.app
        .get<pg.Pool>(READ_POOL)
        .query<{ alerts: number; events: string | null }>(
          "SELECT (SELECT count(*)::int FROM fraud_alerts) AS alerts, to_regclass('eventstore_migrations')::text AS events",
        );
      expect(rows[0]).toEqual({ alerts: 0, events: null });
    } finally {
      await api.close();
    }
  });
});
