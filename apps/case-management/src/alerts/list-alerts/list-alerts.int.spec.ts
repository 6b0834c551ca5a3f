// The queue query against real PostgreSQL: whatever the filter, paging through it with the cursor
// gives exactly the rows a plain filter-and-sort gives, newest first, each once; the status filter
// takes each status' newest rows from its index (see listAlertsQuery).
import pg from 'pg';
import { migrateReadModel } from '#read-model';
import { createTestDatabase, type TestDatabase } from '#testing';
import type { AlertStatus } from '#domain';
import { listAlerts, listAlertsQuery } from './list-alerts.sql.js';
import type { AlertFilter } from './list-alerts.resolver.js';

const STATUSES: AlertStatus[] = ['OPEN', 'IN_REVIEW', 'ESCALATED', 'RESOLVED'];

interface Seeded {
  id: string;
  status: AlertStatus;
  score: number;
  assignee: string | null;
  customer: string;
  at: number;
}

describe('listAlerts (fraud_alerts, keyset pages)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cm_list_alerts');
    await migrateReadModel(database.url);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    for (let n = 0; n < 240; n += 1) {
      seeded.push({
        id: `a-${String(n).padStart(4, '0')}`,
        // Mostly resolved, as in production; every fifth pair shares a timestamp (ties on opened_at).
        status: STATUSES[n % 7 === 0 ? 0 : n % 11 === 0 ? 1 : n % 13 === 0 ? 2 : 3]!,
        score: (n % 100) / 100,
        assignee: n % 3 === 0 ? 'alice' : null,
        customer: `c-${n % 4}`,
        at: base + Math.floor(n / 2) * 1000,
      });
    }
    await pool.query(
      `INSERT INTO fraud_alerts (alert_id, transaction_id, customer_id, merchant_id, amount, currency, risk_score,
         decision, status, assignee, opened_at, expected_loss, version, updated_at)
       SELECT id, id, customer, 'm-1', 10, 'EUR', score, 'REVIEW', status, assignee, at, 1, 1, at
         FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::timestamptz[])
           AS t(id, status, score, assignee, customer, at)`,
      [
        seeded.map((a) => a.id),
        seeded.map((a) => a.status),
        seeded.map((a) => a.score),
        seeded.map((a) => a.assignee),
        seeded.map((a) => a.customer),
        seeded.map((a) => new Date(a.at)),
      ],
    );
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const expected = (filter: AlertFilter) =>
    seeded
      .filter(
        (a) =>
          (!filter.status?.length || filter.status.includes(a.status)) &&
          (filter.minScore == null || a.score >= filter.minScore) &&
          (!filter.assignee || a.assignee === filter.assignee) &&
          (!filter.customerId || a.customer === filter.customerId),
      )
      .sort((x, y) => y.at - x.at || (y.id < x.id ? -1 : 1))
      .map((a) => a.id);

  async function pageThrough(filter: AlertFilter, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 500; guard += 1) {
      const page = await listAlerts(pool, filter, first, after);
      ids.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  it.each<[string, AlertFilter, number]>([
    ['no filter', {}, 50],
    ['the queue (OPEN, IN_REVIEW)', { status: ['OPEN', 'IN_REVIEW'] }, 7],
    ['one status, a status twice', { status: ['ESCALATED', 'ESCALATED'] }, 3],
    [
      'status, score, assignee and customer together',
      { status: ['OPEN', 'RESOLVED'], minScore: 0.3, assignee: 'alice', customerId: 'c-1' },
      4,
    ],
    ['score and customer without status', { minScore: 0.5, customerId: 'c-2' }, 9],
  ])('pages through %s: every matching alert once, newest first', async (_what, filter, first) => {
    const want = expected(filter);
    expect(want.length).toBeGreaterThan(0);
    expect(await pageThrough(filter, first)).toEqual(want);
  });

  it('answers a page with the fields the queue shows, times as ISO text', async () => {
    const page = await listAlerts(pool, { status: ['OPEN'] }, 1, null);
    const newestOpen = seeded
      .filter((a) => a.status === 'OPEN')
      .sort((x, y) => y.at - x.at || (y.id < x.id ? -1 : 1))[0]!;
    expect(page.edges[0]?.node).toMatchObject({
      id: newestOpen.id,
      status: 'OPEN',
      riskScore: newestOpen.score,
      raisedAt: new Date(newestOpen.at).toISOString(),
      updatedAt: new Date(newestOpen.at).toISOString(),
    });
  });

  it('reads the queue from the status index, not by scanning every resolved alert', async () => {
    const { text, values } = listAlertsQuery({ status: ['OPEN', 'IN_REVIEW'] }, 50, null);
    const plan = (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toMatch(/fraud_alerts_by_status_opened/);
  });

  it('refuses a cursor it did not give out, saying where cursors come from', async () => {
    await expect(listAlerts(pool, {}, 5, 'not-a-cursor')).rejects.toThrow(/pageInfo.endCursor/);
  });
});
