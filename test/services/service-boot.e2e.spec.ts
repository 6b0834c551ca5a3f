// Each app boots as its own process with /health, /ready, /metrics and JSON logs, and refuses to
// start on a bad configuration value, naming the variable.
import { createTestDatabase, type TestDatabase } from '#testing';
import { freePort, startServiceProcess, waitForHealth } from './service-process.js';

// Projections and case-management migrate their tables at boot: give them a database of their own
// (on the run's server) rather than the server's `postgres` database.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('service_boot');
});
afterAll(async () => {
  await database.drop();
});

const infrastructure = () => ({
  DATABASE_URL: database.url,
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  JWT_SECRET: 'x'.repeat(32),
  LOG_LEVEL: 'info',
});

const services = [
  { app: 'ingest', portVariable: 'INGEST_PORT' },
  { app: 'scoring', portVariable: 'SCORING_PORT' },
  { app: 'projections', portVariable: 'PROJECTIONS_PORT' },
  { app: 'case-management', portVariable: 'PORT' },
] as const;

describe.each(services)('$app as a process', ({ app, portVariable }) => {
  it('serves /health, /ready and /metrics and logs JSON lines', async () => {
    const port = await freePort();
    const service = startServiceProcess(app, { ...infrastructure(), [portVariable]: String(port) });
    try {
      expect(await waitForHealth(port, service)).toMatchObject({ status: 'ok', service: app });
      const ready = await fetch(`http://127.0.0.1:${port}/ready`);
      expect(await ready.json()).toMatchObject({ service: app });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain(`process_cpu_user_seconds_total{service="${app}"}`);
    } finally {
      await service.stop();
    }
    const lines = service.output().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines.map((line) => JSON.parse(line) as { msg?: string })).toContainEqual(
      expect.objectContaining({ msg: `${app} listening` }),
    );
  });

  it('stops at boot with exit code 78 naming a bad variable', async () => {
    const service = startServiceProcess(app, { ...infrastructure(), [portVariable]: 'not-a-port' });
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    expect(code).toBe(78);
    expect(service.output()).toContain(
      `${portVariable} ("not-a-port"): must be a port number between 1 and 65535`,
    );
  });
});
