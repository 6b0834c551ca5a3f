// `npm run bench -- api`: p99 latency of `alerts(first: 50)` and of `claimAlert` with 50 concurrent
// clients, against the built API (`dist/apps/case-management/src/main.js`, what
// `npm run start:case-management` runs) in its own process on 127.0.0.1, so the clients here do not
// share its event loop, over a throwaway PostgreSQL database (DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres). fraud_alerts rows are written directly (what the
// projection would write), so the figure is the API's own read path.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { alertStreamId } from '#domain';
import { migrate, PostgresEventStore } from '#eventstore';
import { migrateReadModel } from '#read-model';
import { scratchDatabase } from '../scratch-database.js';
import type { BenchArea } from '../bench-area.js';
import { freePort, processUsage, startService } from '../e2e/processes.js';
import { startCpuWindow } from '../eventstore/cpu-meter.js';
import { closedLoop, graphqlClients, percentile, type GraphqlClients } from './graphql-clients.js';

const CLIENTS = 50;
/** Requests each client sends of an operation before its timed phase: JIT, prepared statements, pools. */
const WARM_UP_PER_CLIENT = 5;
const SECRET = randomBytes(24).toString('hex');

/** The API as its own process, as `npm run start:case-management` starts it (bench/e2e/processes.ts). */
async function startApiProcess(env: Record<string, string>, port: number) {
  const flags: string[] = [];
  // BENCH_API_CPU_PROF=<dir>: the API writes a V8 CPU profile there when it stops (profiling runs).
  const profile = process.env.BENCH_API_CPU_PROF;
  if (profile) flags.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`);
  // BENCH_API_NODE_FLAGS="--trace-gc ...": more Node flags for the API (after the script's, so they
  // win: an A/B of a flag), whose output is then shown.
  const extra = process.env.BENCH_API_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  flags.push(...extra);
  const service = await startService(
    'case-management',
    port,
    { ...env, PORT: String(port) },
    {
      // BENCH_API_MAIN=<main.js>: another build of the API (an A/B run against an older commit's dist).
      main: process.env.BENCH_API_MAIN,
      extraFlags: flags,
      showOutput: extra.length > 0,
    },
  );
  const pid = service.child.pid ?? -1;
  return {
    /** CPU seconds (user + system) the API process has used so far; undefined off Linux. */
    cpuSeconds: (): number | undefined => processUsage(pid)?.cpuSeconds,
    /** The API process's peak resident memory so far (VmHWM), MiB; undefined off Linux. */
    peakRssMiB: (): number | undefined => processUsage(pid)?.peakMiB,
    stop: () => service.stop(),
  };
}

async function run(
  clients: number,
  perClient: number,
  call: (client: number, n: number) => Promise<void>,
  meters: { api: () => number | undefined; pool: pg.Pool; database: string },
) {
  const apiBefore = meters.api();
  const window = await startCpuWindow(meters.pool, meters.database);
  const { latencies, seconds } = await closedLoop(clients, perClient, call);
  const apiAfter = meters.api();
  const { clientMs, serverMs } = await window.stop();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    throughput: latencies.length / seconds,
    // What a request costs in CPU, whatever else the machine is doing: the figures to compare across
    // runs on a shared machine, where latency and throughput follow the load. The API, the clients
    // (this process) and PostgreSQL (the benchmark database's backends) share the same two cores.
    cpuMsPerRequest:
      apiBefore === undefined || apiAfter === undefined
        ? NaN
        : ((apiAfter - apiBefore) * 1000) / latencies.length,
    clientCpuMsPerRequest: clientMs / latencies.length,
    postgresCpuMsPerRequest: serverMs === undefined ? NaN : serverMs / latencies.length,
  };
}

export const area: BenchArea = {
  name: 'api',
  description: `GraphQL API latency under ${CLIENTS} concurrent clients (alerts(first: 50), claimAlert)`,
  async run({ quick }) {
    const database = await scratchDatabase('api');
    const { name, url: databaseUrl } = database;
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    const store = new PostgresEventStore({ pool });
    let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
    let clients: GraphqlClients | undefined;
    try {
      await migrate(pool);
      await migrateReadModel(databaseUrl);
      const port = await freePort();
      api = await startApiProcess(
        {
          DATABASE_URL: databaseUrl,
          JWT_SECRET: SECRET,
          LOG_LEVEL: 'error',
          NODE_ENV: 'production',
          // The API's connection count, when set, for an A/B of it (`DATABASE_POOL_SIZE=5 ... api`).
          ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
        },
        port,
      );
      const perClient = quick ? 10 : 100;
      // Every claim takes an alert of its own: the timed ones, the warm-up's, and some to spare.
      const alerts = CLIENTS * (perClient + WARM_UP_PER_CLIENT) + 200;
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
      const load = graphqlClients(port, CLIENTS);
      clients = load;
      const gql = (client: number, query: string, variables: Record<string, unknown>) =>
        load.post(query, variables, tokens[client]);
      const list =
        'query($after: String) { alerts(first: 50, after: $after, filter: { status: [OPEN, IN_REVIEW] }) { edges { cursor node { id status riskScore assignee amount } } pageInfo { hasNextPage endCursor } } }';
      const claim = 'mutation($id: ID!) { claimAlert(id: $id) { id version assignee } }';
      const meters = { api: () => api?.cpuSeconds(), pool, database: name };
      // Each phase: WARM_UP_PER_CLIENT requests per client of its operation first (not timed), then
      // perClient timed ones. Without the warm-up the first wave of 50 cold requests (code not yet
      // optimised, statements not yet prepared, connections not yet open) was 1.7 % of a phase's
      // requests and set its p99 alone: the p99 measured a cold start, not the API under load.
      const phase = async (call: (client: number, n: number) => Promise<void>) => {
        await run(CLIENTS, WARM_UP_PER_CLIENT, call, meters);
        return await run(CLIENTS, perClient, (client, n) => call(client, WARM_UP_PER_CLIENT + n), meters);
      };
      // The ceiling: the cheapest authenticated operation through the same HTTP + Apollo + guard path.
      const ceiling = await phase((client) => gql(client, '{ me { id } }', {}));
      const listing = await phase((client) => gql(client, list, {}));
      const perPhase = WARM_UP_PER_CLIENT + perClient;
      const claiming = await phase((client, n) => gql(client, claim, { id: ids[client * perPhase + n] }));
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
          {
            metric: 'alerts(first: 50) PostgreSQL CPU',
            value: listing.postgresCpuMsPerRequest,
            unit: 'ms/req',
          },
          { metric: 'claimAlert PostgreSQL CPU', value: claiming.postgresCpuMsPerRequest, unit: 'ms/req' },
          {
            metric: 'clients CPU (this process)',
            value: (listing.clientCpuMsPerRequest + claiming.clientCpuMsPerRequest) / 2,
            unit: 'ms/req',
            note: 'mean of the alerts and claimAlert phases',
          },
          { metric: '{ me { id } } throughput (ceiling)', value: ceiling.throughput, unit: 'req/s' },
          { metric: '{ me { id } } p99', value: ceiling.p99, unit: 'ms' },
          { metric: 'API peak RSS', value: api.peakRssMiB() ?? NaN, unit: 'MiB' },
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
          warmUpPerClient: WARM_UP_PER_CLIENT,
          alertsSeeded: alerts,
          ceiling,
          listing,
          claiming,
        },
      };
    } finally {
      clients?.close();
      await api?.stop();
      await store.close();
      await pool.end();
      await database.drop();
    }
  },
};

function k(id: string): string {
  return id.slice(0, 4);
}
