// The one-process demo as a new user meets it: `node dist/apps/demo/src/main.js` (what `npm start`
// runs after building) prints the console URL and tokens, alerts arrive within 60 s, Ctrl-C stops
// it cleanly, and a second start keeps the data and continues.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '#testing';
import {
  freePort,
  startServiceProcess,
  type ServiceProcess,
} from '../../../test/services/service-process.js';

async function graphql<T>(port: number, token: string, query: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data!;
}

describe('npm start (the one-process demo)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'demo-e2e-'));
  // The embedded server runs as `postgres` when the tests run as root: it must reach its folder.
  chmodSync(dataDir, 0o755);
  let env: Record<string, string>;
  let demo: ServiceProcess | undefined;

  beforeAll(async () => {
    env = {
      HOME: process.env.HOME ?? '/tmp',
      DEMO_DATA_DIR: dataDir,
      DEMO_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
      INGEST_PORT: String(await freePort()),
      SCORING_PORT: String(await freePort()),
      PROJECTIONS_PORT: String(await freePort()),
      // The default, what `npm start` shows. With 0.5 h the history held 2 alerts (2 h: 49, both
      // counted at 08:21 UTC on 2026-12-06), and in some windows of the seeded, wall-clock-paced
      // simulation none: CI failed at 08:13 that day waiting 60 s for one.
      DEMO_BACKFILL_HOURS: '2',
      // The heap ceiling `npm start` gives it (package.json): it must run within it.
      NODE_OPTIONS: '--max-old-space-size=384',
    };
  });

  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const process = startServiceProcess('demo', env);
    demo = process;
    const tokenLine = /Analyst token[^\n]*\n\s*(\S+)/;
    const banner = await waitFor(
      () => {
        if (process.child.exitCode !== null) throw new Error(`the demo exited early:\n${process.output()}`);
        return tokenLine.test(process.output()) ? process.output() : undefined;
      },
      { timeoutMs: 90_000, what: 'the demo banner' },
    ).catch((error: unknown) => {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- demo output ---\n${process.output()}`,
      );
    });
    expect(banner).toContain(`Console:   http://localhost:${env.PORT}/`);
    return tokenLine.exec(banner)![1]!;
  };
  const openAlerts = (token: string) =>
    graphql<{ alerts: { edges: unknown[] } }>(
      Number(env.PORT),
      token,
      '{ alerts(first: 100) { edges { node { id } } } }',
    ).then((data) => data.alerts.edges.length);

  it('shows alerts within 60 s, stops cleanly on Ctrl-C and keeps its data across a restart', async () => {
    const token = await start();
    const firstCount = await waitFor(
      async () => ((await openAlerts(token)) > 0 ? openAlerts(token) : undefined),
      {
        timeoutMs: 60_000,
        what: 'alerts in the console API',
      },
    ).catch((error: unknown) => {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- demo output ---\n${demo!.output()}`,
      );
    });
    expect(firstCount).toBeGreaterThan(0);

    demo!.child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => demo!.child.once('exit', resolve));
    expect(demo!.output()).toMatch(/Stopped after sending \d+ transactions/);
    expect(code).toBe(0);

    const tokenAgain = await start();
    expect(await openAlerts(tokenAgain)).toBeGreaterThanOrEqual(firstCount);
  }, 300_000);
});
