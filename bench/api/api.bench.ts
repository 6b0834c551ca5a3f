// `npm run bench -- api`: p99 latency of `alerts(first: 50)` and of `claimAlert` with 50 concurrent
// clients, against the built API (`dist/apps/case-management/src/main.js`, what
// `npm run start:case-management` runs) in its own process on 127.0.0.1, so the clients here do not
// share its event loop, over a throwaway PostgreSQL database (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres). fraud_alerts rows are written directly (what the
// projection would write), so the figure is the API's own read path.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { alertStreamId } from '#domain';
import { migrate, PostgresEventStore } from '#eventstore';
import { migrateReadModel } from '#read-model';
import type { BenchArea } from '../bench-area.js';

const CLIENTS = 50;
/** USER_HZ: 100 on every Linux we run on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;
const SECRET = randomBytes(24).toString('hex');

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The API as its own process; resolves once /health answers, rejects if it exits first. */
async function startApiProcess(env: Record<string, string>, port: number) {
  // BENCH_API_CPU_PROF=<dir>: the API writes a V8 CPU profile there when it stops (profiling runs).
  const profile = process.env.BENCH_API_CPU_PROF;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  // BENCH_API_MAIN=<main.js>: another build of the API (an A/B run against an older commit's dist).
  const main = path.resolve(process.env.BENCH_API_MAIN ?? 'dist/apps/case-management/src/main.js');
  const child = spawn(process.execPath, [...flags, main], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} at boot: ${errors}`);
    if (Date.now() > deadline) throw new Error(`the API did not answer /health within 30 s: ${errors}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    /** CPU seconds (user + system) the API process has used so far; undefined off Linux. */
    cpuSeconds(): number | undefined {
      try {
        // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the `(comm)` field.
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      } catch {
        return undefined; // not Linux: the table then shows no CPU figure
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function run(
  clients: number,
  perClient: number,
  call: (client: number, n: number) => Promise<void>,
  cpuSeconds: () => number | undefined = () => undefined,
) {
  const latencies: number[] = [];
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; n < perClient; n += 1) {
        const t0 = performance.now();
        await call(client, n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    throughput: latencies.length / seconds,
    // What a request costs the API in CPU, whatever else the machine is doing: the figure to compare
    // across runs on a shared machine, where latency and throughput follow the load.
    cpuMsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined
        ? NaN
        : ((cpuAfter - cpuBefore) * 1000) / latencies.length,
  };
}

export const area: BenchArea = {
  name: 'api',
  description: `GraphQL API latency under ${CLIENTS} concurrent clients (alerts(first: 50), claimAlert)`,
  async run({ quick }) {
    const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `bench_api_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    const store = new PostgresEventStore({ pool });
    let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
    try {
      await migrate(pool);
      await migrateReadModel(databaseUrl);
      const port = await freePort();
      api = await startApiProcess(
        { DATABASE_URL: databaseUrl, JWT_SECRET: SECRET, LOG_LEVEL: 'error', NODE_ENV: 'production' },
        port,
      );
      const endpoint = `http://127.0.0.1:${port}/graphql`;
      const perClient = quick ? 10 : 60;
      const alerts = CLIENTS * perClient + 200;
      // Seed: alerts in the store (commands load them) and their fraud_alerts rows (queries read them).
      const now = Date.now();
      for (let start = 0; start < alerts; start += 500) {
        const batch = Array.from({ length: Math.min(500, alerts - start) }, (_, k) => {
          const id = randomUUID();
          const at = new Date(now - (start + k) * 1000).toISOString();
          return { id, at, score: 0.5 + ((start + k) % 50) / 100 };
        });
        await store.appendMany(
          batch.map(({ id, at, score }) => ({
            streamId: alertStreamId(id),
            expected: 'no_stream' as const,
            events: [
              {
                eventId: randomUUID(),
                type: 'AlertRaised',
                schemaVersion: 1,
                metadata: { actor: 'system' as const, occurredAt: at },
                data: {
                  alertId: id,
                  transactionId: id,
                  customerId: `c-${k(id)}`,
                  merchantId: 'm-1',
                  riskScore: score,
                  decision: 'REVIEW',
                  amount: 120,
                  currency: 'EUR',
                  reasons: [],
                  raisedAt: at,
                },
              },
            ],
          })),
        );
        await pool.query(
          `INSERT INTO fraud_alerts (alert_id, transaction_id, customer_id, merchant_id, amount, currency, risk_score, decision, status, opened_at, expected_loss, version, updated_at)
           SELECT id, id, 'c-' || left(id, 4), 'm-1', 120, 'EUR', score, 'REVIEW', 'OPEN', at, 120 * score, 1, at
             FROM unnest($1::text[], $2::float8[], $3::timestamptz[]) AS t(id, score, at)`,
          [batch.map((b) => b.id), batch.map((b) => b.score), batch.map((b) => b.at)],
        );
      }
      const ids = (
        await pool.query<{ alert_id: string }>('SELECT alert_id FROM fraud_alerts ORDER BY opened_at DESC')
      ).rows.map((r) => r.alert_id);
      const tokens = await Promise.all(
        Array.from({ length: CLIENTS }, (_, n) =>
          new SignJWT({ role: 'analyst' })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(`analyst-${n}`)
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode(SECRET)),
        ),
      );
      const gql = async (client: number, query: string, variables: Record<string, unknown>) => {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[client]}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: { message: string }[] };
        if (body.errors) throw new Error(`benchmark request failed: ${body.errors[0]?.message}`);
      };
      const list =
        'query($after: String) { alerts(first: 50, after: $after, filter: { status: [OPEN, IN_REVIEW] }) { edges { cursor node { id status riskScore assignee amount } } pageInfo { hasNextPage endCursor } } }';
      await run(CLIENTS, 2, (client) => gql(client, list, {})); // warm-up
      // The ceiling: the cheapest authenticated operation through the same HTTP + Apollo + guard path.
      const cpu = () => api?.cpuSeconds();
      const ceiling = await run(CLIENTS, perClient, (client) => gql(client, '{ me { id } }', {}), cpu);
      const listing = await run(CLIENTS, perClient, (client) => gql(client, list, {}), cpu);
      const claiming = await run(
        CLIENTS,
        perClient,
        (client, n) =>
          gql(client, 'mutation($id: ID!) { claimAlert(id: $id) { id version assignee } }', {
            id: ids[client * perClient + n],
          }),
        cpu,
      );
      return {
        rows: [
          { metric: 'alerts(first: 50) p99', value: listing.p99, unit: 'ms', target: '<= 50' },
          { metric: 'alerts(first: 50) p50', value: listing.p50, unit: 'ms' },
          { metric: 'alerts(first: 50) throughput', value: listing.throughput, unit: 'req/s' },
          { metric: 'claimAlert p99', value: claiming.p99, unit: 'ms', target: '<= 100' },
          { metric: 'claimAlert p50', value: claiming.p50, unit: 'ms' },
          { metric: 'claimAlert throughput', value: claiming.throughput, unit: 'req/s' },
          { metric: 'alerts(first: 50) API CPU', value: listing.cpuMsPerRequest, unit: 'ms/req' },
          { metric: 'claimAlert API CPU', value: claiming.cpuMsPerRequest, unit: 'ms/req' },
          { metric: '{ me { id } } API CPU', value: ceiling.cpuMsPerRequest, unit: 'ms/req' },
          { metric: '{ me { id } } throughput (ceiling)', value: ceiling.throughput, unit: 'req/s' },
          { metric: '{ me { id } } p99', value: ceiling.p99, unit: 'ms' },
          {
            metric: 'alerts / ceiling throughput',
            value: listing.throughput / ceiling.throughput,
            unit: 'ratio',
          },
          {
            metric: 'claimAlert / ceiling throughput',
            value: claiming.throughput / ceiling.throughput,
            unit: 'ratio',
          },
        ],
        details: {
          clients: CLIENTS,
          requestsPerClient: perClient,
          alertsSeeded: alerts,
          ceiling,
          listing,
          claiming,
        },
      };
    } finally {
      await api?.stop();
      await store.close();
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  },
};

function k(id: string): string {
  return id.slice(0, 4);
}
