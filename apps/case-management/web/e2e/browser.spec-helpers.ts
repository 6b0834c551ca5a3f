// Browser-test plumbing: Debian's chromium driven by playwright-core (never a downloaded browser),
// the console built into dist/web, the real case-management app over a seeded database with the
// projections service running as its own process, and screenshots saved as artifacts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { migrateReadModel } from '#read-model';
import { waitFor } from '#testing';
import { startApi, token, type ApiHarness } from '../../src/testing/api.spec-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(here, '../test-artifacts');

/** Browser suites run when chromium is installed; REQUIRE_BROWSER=1 (CI) makes its absence a failure. */
export function describeWithBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, suite);
    return;
  }
  const why = `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`;
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () =>
      it('needs a browser (REQUIRE_BROWSER=1)', () => {
        throw new Error(`REQUIRE_BROWSER=1 but ${why}`);
      }),
    );
    return;
  }
  process.stderr.write(
    `\n${'!'.repeat(100)}\n!! BROWSER SUITE SKIPPED (${name}): ${why}\n${'!'.repeat(100)}\n`,
  );
  describe.skip(name, suite);
}

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

/** Newest modification time of any file under dir (0 when dir is missing). */
function newestChange(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce(
      (newest, entry) => Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs),
      0,
    );
}

/**
 * Builds the console into dist/web unless it is already newer than its sources (as after `npm run
 * build`): test files run in parallel, and each rebuilding under the others' browsers was needless.
 */
export function buildConsole(): void {
  const built = path.join(repo, 'dist/web/index.html');
  // The lock file stands for what the bundle takes from node_modules (graphql-ws) and esbuild itself.
  const sources = Math.max(
    newestChange(path.join(here, '../src')),
    statSync(path.join(here, '../build.mjs')).mtimeMs,
    statSync(path.join(repo, 'package-lock.json')).mtimeMs,
  );
  // No entry also for the instant another file's build swaps its bundle in: then build too.
  const builtAt = statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (builtAt >= sources) return;
  execFileSync(process.execPath, [path.join(here, '../build.mjs')], { cwd: repo, stdio: 'pipe' });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface ConsoleStack {
  readonly api: ApiHarness;
  /** The console's origin, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly projections: ChildProcess;
  close(): Promise<void>;
}

/** The real app over a fresh database with read tables, and the built projections service on it. */
export async function startConsoleStack(): Promise<ConsoleStack> {
  const api = await startApi();
  await migrateReadModel(api.database.url);
  const entry = path.join(repo, 'dist/apps/projections/src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const logs: string[] = [];
  const projections = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      DATABASE_URL: api.database.url,
      PROJECTIONS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      PROJECTIONS_BATCH_SIZE: '2000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  projections.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  projections.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => projections.once('exit', () => resolve()));
  projections.once('exit', (code) => {
    if (code !== 0 && code !== null)
      process.stderr.write(`projections exited ${code}:\n${logs.join('').slice(-4000)}\n`);
  });
  return {
    api,
    origin: api.url.replace(/\/graphql$/, ''),
    projections,
    async close() {
      projections.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      await api.close();
    },
  };
}

/** Waits until the projections have applied every event appended so far (counts transactions). */
export async function waitForReadTables(
  api: ApiHarness,
  transactions: number,
  timeoutMs = 120_000,
): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await api.pool.query<{ n: string | null }>(
        'SELECT sum(transactions)::text AS n FROM fraud_stats_minute',
      );
      return Number(rows[0]?.n ?? 0) >= transactions;
    },
    { timeoutMs, intervalMs: 200, what: `the projections to count ${transactions} transactions` },
  );
}

export const bearer = async (user: string, role: 'analyst' | 'supervisor') => token(user, role);

/** Signs in through the sign-in screen, as a user would: paste the token, submit. */
export async function signInAs(page: Page, origin: string, jwt: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.waitForURL('**/signin');
  await page.getByLabel('Access token').fill(jwt);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('[data-testid="who"]');
}
