// The Models screen in real headless Chromium against the real case-management app: a registry and
// shadow-scored, labelled transactions appended through the PostgreSQL event store and projected by
// the projections service. Analysts see the registry and the comparison read-only; a supervisor
// promotes with a required reason after a confirmation; a stale registry is refused with the
// server's message on screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MODEL_REGISTRY_STREAM } from '#domain';
import { waitFor } from '#testing';
import {
  recordShadowScored,
  registerModels,
  type ShadowScoredFixture,
  type TestLabel,
} from '../../src/testing/model-lifecycle.spec-helpers.js';
import type { ComparisonPair } from '../../src/model-registry/compare-models/model-comparison.js';
import {
  bearer,
  buildConsole,
  describeWithBrowser,
  launchBrowser,
  screenshot,
  signInAs,
  startConsoleStack,
  type ConsoleStack,
} from './browser.spec-helpers.js';

const ASSIGN = `mutation($version: String!, $reason: String!) {
  assignChallenger(version: $version, reason: $reason) { version } }`;
const SHADOW_SCORED = 40;
const count = (n: number) => new Intl.NumberFormat('en-GB').format(n);

describeWithBrowser('Models screen in the browser', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let alice: string;
  let sue: string;
  const contexts: BrowserContext[] = [];
  const open = async (width = 1280): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => process.stderr.write(`browser error: ${error.message}\n`));
    return page;
  };
  const openModels = async (jwt: string): Promise<Page> => {
    const page = await open(1280);
    await signInAs(page, stack.origin, jwt);
    await page.getByRole('link', { name: 'Models' }).click();
    await page.waitForSelector('main[data-state="ready"]');
    return page;
  };
  const registryVersion = async () => (await stack.api.store.readStream(MODEL_REGISTRY_STREAM)).length;

  beforeAll(async () => {
    buildConsole();
    stack = await startConsoleStack();
    alice = await bearer('alice', 'analyst');
    sue = await bearer('sue', 'supervisor');
    await registerModels(stack.api.store, ['v1', 'v2', 'v3'], 'v1');
    const assigned = await stack.api.gql(ASSIGN, { version: 'v2', reason: 'shadow run' }, `Bearer ${sue}`);
    expect(assigned.errors).toBeUndefined();
    const labels: TestLabel[] = ['CHARGEBACK', 'FALSE_POSITIVE', 'NONE', 'CONFIRMED_FRAUD'];
    const now = Date.now();
    const fixtures: ShadowScoredFixture[] = Array.from({ length: SHADOW_SCORED }, (_, i) => ({
      transactionId: `ui-${i}`,
      champion: 'v1',
      championScore: ((i * 37) % 100) / 100,
      challenger: 'v2',
      challengerScore: ((i * 61 + 7) % 100) / 100,
      amount: 20 + i * 3.5,
      scoredAt: new Date(now - (i + 1) * 60_000).toISOString(),
      label: labels[i % labels.length]!,
    }));
    await recordShadowScored(stack.api.store, fixtures);
    await waitFor(
      async () => {
        const { rows } = await stack.api.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM transactions_enriched WHERE shadow_decision IS NOT NULL`,
        );
        return rows[0]?.n === SHADOW_SCORED;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the shadow-scored fixture in transactions_enriched' },
    );
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.close();
  });

  it('an analyst sees the registry with seat badges and the comparison figures the API computes, and no action', async () => {
    const page = await openModels(alice);
    const rows = page.locator('#model-registry tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).locator('.badge.champion').textContent()).toBe('Champion');
    expect(await rows.nth(1).locator('.badge.challenger').textContent()).toBe('Challenger');
    expect(await rows.nth(1).textContent()).toContain('sue');
    expect(await rows.nth(1).textContent()).toContain('shadow run');
    expect(await page.locator('[data-action]').count()).toBe(0);
    expect(await page.textContent('[data-testid="supervisor-only"]')).toContain('Only supervisors');

    // The figures on screen are the API's, for the same window.
    const { data } = await stack.api.gql<{ modelComparison: { pairs: ComparisonPair[] } }>(
      `query { modelComparison(falsePositiveCost: 5, falseNegativeCost: 100) { pairs {
        transactions agreementRate champion { alerts blocked labels { truePositives expectedCost } }
        challenger { alerts blocked labels { truePositives expectedCost } } } } }`,
      {},
      `Bearer ${alice}`,
    );
    const pair = data!.modelComparison.pairs[0]!;
    expect(pair.transactions).toBe(SHADOW_SCORED);
    const article = page.locator('article.comparison-pair[data-champion="v1"][data-challenger="v2"]');
    expect(await article.locator('h3').textContent()).toContain(`${SHADOW_SCORED} transactions`);
    const cells = async (measure: string) =>
      article
        .locator('tr', { has: page.locator(`td:text-is("${measure}")`) })
        .locator('td')
        .allTextContents();
    const alerts = await cells('Alerts (review + block)');
    expect(alerts[1]).toMatch(new RegExp(`^${count(pair.champion.alerts)} \\(`));
    expect(alerts[2]).toMatch(new RegExp(`^${count(pair.challenger.alerts)} \\(`));
    expect(await cells('Blocked')).toEqual([
      'Blocked',
      count(pair.champion.blocked),
      count(pair.challenger.blocked),
    ]);
    expect(await cells('Expected cost')).toEqual([
      'Expected cost',
      count(Math.round(pair.champion.labels.expectedCost)),
      count(Math.round(pair.challenger.labels.expectedCost)),
    ]);
    expect(await article.locator('svg rect.bar.champion').count()).toBe(4); // 3 rates + legend
    expect(await article.locator('svg desc').textContent()).toMatch(
      /^Alert rate: champion [\d.]+%, challenger/,
    );
    await screenshot(page, 'models-analyst-1280');
    // Fits the width: nothing scrolls sideways at 1280 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const refused = await stack.api.gql(
      `mutation { promoteModel(version: "v2", reason: "try") { version } }`,
      {},
      `Bearer ${alice}`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a supervisor promotes the challenger after a confirmation with a required reason; the registry follows', async () => {
    const page = await openModels(sue);
    const before = await registryVersion();
    await page.locator('button[data-action="promote"][data-version="v2"]').click();
    const dialog = page.locator('#model-action-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').textContent()).toBe('Promote v2 to champion?');
    expect(await dialog.textContent()).toContain('replacing v1');
    await screenshot(page, 'models-confirm-1280');
    // No reason: refused on the spot, nothing sent.
    await dialog.getByRole('button', { name: 'Promote v2' }).click();
    expect(await dialog.locator('[role="alert"]').textContent()).toContain('A reason is required');
    expect(await registryVersion()).toBe(before);

    await dialog.getByLabel('Reason (required)').fill('lower expected cost over the shadow run');
    await dialog.getByRole('button', { name: 'Promote v2' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.textContent('#models-feedback')).toContain('v2 is now the champion');
    const v2 = page.locator('#model-registry tbody tr', { has: page.locator('[data-version="v2"]') });
    expect(await v2.locator('.badge.champion').count()).toBe(1);
    expect(await v2.textContent()).toContain('lower expected cost over the shadow run');
    expect(await v2.textContent()).toContain('replaced v1');
    expect(await page.locator('.badge.challenger').count()).toBe(0);
    const stored = (await stack.api.store.readStream(MODEL_REGISTRY_STREAM)).at(-1)!;
    expect(stored).toMatchObject({
      type: 'ModelPromoted',
      data: { version: 'v2', promotedBy: 'sue', previousChampion: 'v1' },
      metadata: { actor: { id: 'sue', role: 'supervisor' } },
    });
    await screenshot(page, 'models-1280');
  });

  it('a change made elsewhere since the screen loaded is refused as a CONFLICT, the message shown, and the registry reloaded', async () => {
    const page = await openModels(sue);
    const sam = await bearer('sam', 'supervisor');
    const elsewhere = await stack.api.gql(
      ASSIGN,
      { version: 'v3', reason: 'next candidate' },
      `Bearer ${sam}`,
    );
    expect(elsewhere.errors).toBeUndefined();
    const before = await registryVersion();

    await page.locator('button[data-action="assign"][data-version="v1"]').click();
    const dialog = page.locator('#model-action-dialog');
    await dialog.getByLabel('Reason (required)').fill('compare the old champion again');
    await dialog.getByRole('button', { name: 'Assign v1' }).click();
    const banner = page.locator('#models-feedback [role="alert"]');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('CONFLICT');
    expect(await banner.textContent()).toContain('reload and try again');
    expect(await registryVersion()).toBe(before);
    // Reloaded: the challenger someone else chose is on screen, the error still is.
    const v3 = page.locator('#model-registry tbody tr', { has: page.locator('[data-version="v3"]') });
    await v3.locator('.badge.challenger').waitFor();
    expect(await banner.isVisible()).toBe(true);
    await screenshot(page, 'models-conflict-1280');
  });
});
