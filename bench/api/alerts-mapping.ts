// `node dist/bench/api/alerts-mapping.js`: CPU of turning one page of `alerts` rows into the GraphQL
// page (alerts, cursors, page info), without PostgreSQL or HTTP: listAlerts over a stub pool that
// answers 51 synthetic rows shaped as the query returns them. Three rounds of 20,000 pages.
import type pg from 'pg';
import { listAlerts } from '../../apps/case-management/src/alerts/list-alerts/list-alerts.sql.js';

const opened = Date.UTC(2026, 11, 4, 19, 0, 0, 123);
const rows = Array.from({ length: 51 }, (_, i) => ({
  alert_id: `3f2c9a1e-7b4d-4e2a-9c1f-${String(100_000_000_000 + i)}`,
  transaction_id: `3f2c9a1e-7b4d-4e2a-9c1f-${String(100_000_000_000 + i)}`,
  customer_id: `customer-${i % 17}`,
  merchant_id: `merchant-${i % 5}`,
  amount: '1234.5000',
  currency: 'EUR',
  risk_score: 0.5 + i / 200,
  decision: 'REVIEW',
  reasons: [
    { code: 'amount_z', description: "amount far above the customer's usual" },
    { code: 'night', description: 'night-time' },
  ],
  status: i % 3 === 0 ? 'IN_REVIEW' : 'OPEN',
  assignee: i % 3 === 0 ? 'alice' : null,
  disposition: null,
  opened_ms: opened - i * 1000.123,
  version: 1,
  updated_ms: opened + i * 7.5,
}));
const pool = { query: () => Promise.resolve({ rows }) } as unknown as pg.Pool;
const page = () => listAlerts(pool, { status: ['OPEN', 'IN_REVIEW'] }, 50, null);

for (let i = 0; i < 2_000; i++) await page();
const PAGES = 20_000;
const rounds: string[] = [];
for (let round = 0; round < 3; round++) {
  const before = process.cpuUsage();
  for (let i = 0; i < PAGES; i++) await page();
  const used = process.cpuUsage(before);
  rounds.push(`${((used.user + used.system) / PAGES).toFixed(1)} us`);
}
process.stdout.write(`alerts page mapping (51 rows), CPU per page: ${rounds.join(' / ')}\n`);
