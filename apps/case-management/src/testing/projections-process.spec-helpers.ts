// The real projections service (the built `dist/apps/projections/src/main.js`, what
// `npm run start:projections` runs) as a child process over a test database, so API tests see the read
// tables filled the way production fills them. test/global-setup.mjs builds dist before the run.
import { freePort, startServiceProcess, waitForHealth } from '../../../../test/services/service-process.js';

export interface ProjectionsProcess {
  readonly output: () => string;
  stop(): Promise<void>;
}

export async function startProjections(databaseUrl: string): Promise<ProjectionsProcess> {
  const port = await freePort();
  const service = startServiceProcess('projections', {
    DATABASE_URL: databaseUrl,
    PROJECTIONS_PORT: String(port),
    // Small batches and a short probe: the tests wait on the read tables, not on throughput.
    PROJECTIONS_BATCH_SIZE: '200',
    PROJECTIONS_LAG_PROBE_MS: '1000',
    LOG_LEVEL: 'warn',
  });
  await waitForHealth(port, service);
  return {
    output: service.output,
    async stop() {
      const code = await service.stop();
      // SIGTERM is a clean shutdown (exit 0); anything else is a crash the test must not hide.
      if (code !== 0 && code !== null) {
        throw new Error(`projections exited with ${code}:\n${service.output()}`);
      }
    },
  };
}
