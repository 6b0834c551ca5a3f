// Jest global setup: provides a real PostgreSQL and a real Kafka broker to the integration suites.
// DATABASE_URL / KAFKA_BROKERS win when set; otherwise servers are started here and stopped by
// global-teardown.mjs. Values reach the test workers through process.env.
import { execFileSync } from 'node:child_process';
import { startEmbeddedPostgres } from './postgres-server.mjs';
import { startKafka } from '../tools/kafka/kafka.mjs';

const loud = (text) => process.stderr.write(`\n${'!'.repeat(100)}\n!! ${text}\n${'!'.repeat(100)}\n\n`);

// Jest does not hand --selectProjects to global setup; read it from the command line.
function integrationSelected() {
  const flag = process.argv.indexOf('--selectProjects');
  if (flag < 0) return true;
  const names = [];
  for (const arg of process.argv.slice(flag + 1)) {
    if (arg.startsWith('-')) break;
    names.push(arg);
  }
  return names.includes('integration');
}

export default async function globalSetup() {
  if (!integrationSelected()) return;
  const handles = [];
  globalThis.__testServers = handles;

  // Process-level suites run the built services (what `npm run start:<app>` runs); the build is
  // incremental, so this costs seconds when nothing changed.
  if (process.env.TEST_SKIP_BUILD !== '1') {
    // The same steps as `npm run build`: TypeScript, SQL assets, the console's bundle.
    for (const step of [
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
      ['scripts/copy-assets.mjs'],
      ['apps/case-management/web/build.mjs'],
    ]) {
      execFileSync(process.execPath, step, { stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }

  if (!process.env.DATABASE_URL) {
    const postgres = await startEmbeddedPostgres();
    process.env.DATABASE_URL = postgres.url;
    handles.push(postgres);
  }

  if (process.env.TEST_KAFKA === '0' && process.env.REQUIRE_KAFKA !== '1') {
    // A developer running suites that need no broker can spare its start-up.
    process.env.TEST_KAFKA_AVAILABLE = '0';
    process.env.TEST_KAFKA_SKIP_REASON = 'TEST_KAFKA=0';
    loud('KAFKA SUITES SKIPPED: TEST_KAFKA=0 was set.');
    return;
  }
  if (process.env.KAFKA_BROKERS) {
    process.env.TEST_KAFKA_AVAILABLE = '1';
    return;
  }
  try {
    const kafka = await startKafka();
    process.env.KAFKA_BROKERS = kafka.brokers;
    process.env.TEST_KAFKA_AVAILABLE = '1';
    handles.push(kafka);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.REQUIRE_KAFKA === '1') {
      throw new Error(`REQUIRE_KAFKA=1 but no Kafka broker could be started: ${reason}`);
    }
    process.env.TEST_KAFKA_AVAILABLE = '0';
    process.env.TEST_KAFKA_SKIP_REASON = reason.split('\n')[0];
    loud(
      `KAFKA SUITES SKIPPED: no broker (${process.env.TEST_KAFKA_SKIP_REASON}). Set KAFKA_BROKERS or install Java 17+; REQUIRE_KAFKA=1 makes this a failure.`,
    );
  }
}
