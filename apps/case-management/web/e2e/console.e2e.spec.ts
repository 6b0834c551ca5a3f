// The analyst console in real headless Chromium against the real case-management app, a PostgreSQL
// event store seeded with a mixed workload and the projections service keeping the read tables.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { appendWorkload } from '../../../projections/src/workload/mixed-workload.js';
import { raiseAlert } from '../../src/testing/api.spec-helpers.js';
import {
  bearer,
  buildConsole,
  describeWithBrowser,
  launchBrowser,
  screenshot,
  signInAs,
  startConsoleStack,
  waitForReadTables,
  type ConsoleStack,
} from './browser.spec-helpers.js';

const SEEDED = 2000;

describeWithBrowser('analyst console in the browser', () => {
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

  beforeAll(async () => {
    buildConsole();
    stack = await startConsoleStack();
    await appendWorkload(stack.api.store, {
      transactions: SEEDED,
      batchSize: 500,
      startAt: new Date(Date.now() - SEEDED * 50 - 60_000).toISOString(),
    });
    await waitForReadTables(stack.api, SEEDED);
    alice = await bearer('alice', 'analyst');
    sue = await bearer('sue', 'supervisor');
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.close();
  });

  it('signs in with a pasted token, shows the role from `me`, and draws the charts from the seeded data', async () => {
    const page = await open(1280);
    await signInAs(page, stack.origin, alice);
    await page.waitForSelector('main[data-state="ready"]');
    expect(await page.textContent('[data-testid="who"]')).toBe('alice · analyst');
    expect(await page.locator('#score-distribution svg rect.bar').count()).toBe(20);
    expect(await page.locator('#score-distribution .marker.review').count()).toBe(1);
    expect(await page.locator('#fraud-rate svg path.line').count()).toBe(1);
    expect(await page.textContent('[data-kpi="transactions"]')).toBe('2,000');
    expect(await page.locator('#risky-merchants tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#recent-activity li').count()).toBeGreaterThan(0);
    // Fits the width: nothing scrolls sideways at 1280 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'dashboard-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'dashboard-1920');
  });

  it('a live alert appears in the queue, is claimed, resolved as confirmed fraud, and the dashboard follows', async () => {
    const page = await open(1280);
    await signInAs(page, stack.origin, alice);
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.waitForSelector('main[data-state="ready"]');
    await page.waitForSelector('.live-status[data-status="live"]');

    const id = await raiseAlert(stack.api.store, { customerId: 'c-live', riskScore: 0.97, amount: 4321 });
    const row = page.locator(`tr[data-alert-id="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await screenshot(page, 'queue-live-alert');
    await row.getByRole('button', { name: `Claim alert ${id}` }).click();
    // Claiming opens the alert, now in review and assigned to the analyst.
    await page.waitForURL(`**/alerts/${id}`);
    await page.waitForSelector('main[data-status="IN_REVIEW"]');
    expect(await page.textContent('.facts')).toContain('alice');
    await page.getByLabel('Disposition').selectOption('CONFIRMED_FRAUD');
    await page.getByLabel('Resolution note').fill('card used abroad while customer at home');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.waitForSelector('main[data-status="RESOLVED"]');
    expect(await page.textContent('.alert-detail')).toContain('RESOLVED · CONFIRMED_FRAUD');
    expect(await page.locator('.timeline li').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('AlertRaised by system'),
        expect.stringContaining('AlertClaimed by alice'),
        expect.stringContaining('AlertResolved by alice (analyst): CONFIRMED_FRAUD'),
      ]),
    );
    await screenshot(page, 'alert-resolved');

    // The dashboard shows the resolution (projected read tables) and redraws live on a new alert.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForSelector('main[data-state="ready"]');
    await page
      .waitForFunction(
        (alertId) =>
          [...document.querySelectorAll('#recent-activity li')].some(
            (li) => li.textContent?.includes('AlertResolved') && li.textContent.includes(alertId.slice(0, 8)),
          ),
        id,
        { timeout: 20_000 },
      )
      .catch(async () => {
        await page.reload();
        await page.waitForFunction(
          (alertId) => document.querySelector('#recent-activity')?.textContent?.includes(alertId.slice(0, 8)),
          id,
          { timeout: 20_000 },
        );
      });
    // No reload from here: a new alert reaches the dashboard through the live feed.
    const second = await raiseAlert(stack.api.store, {
      customerId: 'c-live-2',
      riskScore: 0.91,
      amount: 777,
    });
    await page.waitForFunction(
      (alertId) => document.querySelector('#recent-activity')?.textContent?.includes(alertId.slice(0, 8)),
      second,
      { timeout: 20_000 },
    );
    await screenshot(page, 'dashboard-live');
  });

  it('a stale action is refused with the server message shown (conflict never swallowed)', async () => {
    const id = await raiseAlert(stack.api.store, { customerId: 'c-conflict', riskScore: 0.8, amount: 120 });
    const page = await open(1280);
    // The live connection is down (answered by nobody), so this page keeps showing version 1.
    await page.routeWebSocket(/\/graphql$/, () => undefined);
    await signInAs(page, stack.origin, alice);
    await page.goto(`${stack.origin}/alerts/${id}`);
    await page.waitForSelector('main[data-status="OPEN"]');
    // Someone else claims it while this page shows version 1.
    const other = await stack.api.gql(
      `mutation($id: ID!) { claimAlert(id: $id) { version } }`,
      { id },
      `Bearer ${await bearer('bob', 'analyst')}`,
    );
    expect(other.errors).toBeUndefined();
    await page.getByRole('button', { name: 'Claim' }).click();
    const banner = page.locator('.banner.error');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toMatch(/CONFLICT|INVALID_STATE/);
    expect((await banner.textContent())!.length).toBeGreaterThan(20);
  });

  it('a supervisor changes the thresholds; an analyst is not offered it and the server refuses', async () => {
    const page = await open(1920);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await signInAs(page, stack.origin, sue);
    await page.getByRole('link', { name: 'Thresholds' }).click();
    await page.waitForSelector('main[data-state="ready"]');
    expect(await page.locator('#threshold-chart path.curve').count()).toBe(4);
    await page.locator('#what-if').fill('0.7');
    expect(await page.textContent('#threshold-chart svg')).toContain('what-if 0.70');
    await page.getByLabel('Review threshold').fill('0.6');
    await page.getByLabel('Block threshold').fill('0.95');
    await page.getByLabel('Reason').fill('fewer false positives this quarter');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForSelector('.banner.success');
    await page.waitForFunction(() =>
      document.querySelector('#current-policy')?.textContent?.includes('review 0.6, block 0.95'),
    );
    await screenshot(page, 'thresholds-1920');

    const analyst = await open(1280);
    await signInAs(analyst, stack.origin, alice);
    await analyst.getByRole('link', { name: 'Thresholds' }).click();
    await analyst.waitForSelector('main[data-state="ready"]');
    expect(await analyst.getByRole('button', { name: 'Apply', exact: true }).isDisabled()).toBe(true);
    expect(await analyst.textContent('[data-testid="supervisor-only"]')).toContain('Only supervisors');
    const refused = await stack.api.gql(
      `mutation { setRiskThresholds(reviewThreshold: 0.1, blockThreshold: 0.2, reason: "try") { version } }`,
      {},
      `Bearer ${alice}`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('signing out clears the token and the GraphQL console is served locally at /graphql', async () => {
    const page = await open(1280);
    await signInAs(page, stack.origin, alice);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.origin)) external.push(request.url());
    });
    await page.goto(`${stack.origin}/graphql`);
    await page.getByLabel('Token').fill(alice);
    await page.locator('#gq-query').fill('{ me { id role } }');
    await page.locator('#gq-run').click();
    await page.waitForFunction(() =>
      document.querySelector('#gq-result')?.textContent?.includes('"role": "analyst"'),
    );
    expect(external).toEqual([]);
  });
});
