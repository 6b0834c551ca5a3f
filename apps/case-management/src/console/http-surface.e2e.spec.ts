// The service's HTTP surface besides GraphQL operations, on the platform it runs on in production
// (Fastify): the console's files, client routes, the health endpoints, and the nesting limit that
// must answer before Apollo parses an operation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startApi, token, type ApiHarness } from '../testing/api.spec-helpers.js';
import { CONSOLE_DIR } from './console.module.js';

describe('case-management HTTP surface', () => {
  let api: ApiHarness;
  let base: string;
  let analyst: string;

  beforeAll(async () => {
    api = await startApi();
    base = api.url.replace(/\/graphql$/, '');
    analyst = `Bearer ${await token('alice', 'analyst')}`;
  });
  afterAll(async () => {
    await api.close();
  });

  it('runs on Fastify, as the service definition says', () => {
    expect(api.app.getHttpAdapter().getType()).toBe('fastify');
  });

  it('serves the console app, its assets with their types, and client routes as index.html', async () => {
    const index = readFileSync(path.join(CONSOLE_DIR, 'index.html'), 'utf8');
    for (const route of ['/', '/alerts/a-1', '/thresholds']) {
      const response = await fetch(`${base}${route}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(index);
    }
    const script = await fetch(`${base}/assets/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const body = Buffer.from(await script.arrayBuffer());
    expect(body.equals(readFileSync(path.join(CONSOLE_DIR, 'assets/app.js')))).toBe(true);
    expect(Number(script.headers.get('content-length'))).toBe(body.length);
    const styles = await fetch(`${base}/assets/app.css`);
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    await styles.arrayBuffer();
  });

  it('answers 304 to a browser whose copy is current, and HEAD without a body', async () => {
    const first = await fetch(`${base}/assets/app.js`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await fetch(`${base}/assets/app.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await fetch(`${base}/assets/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(first.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('refuses unknown assets and paths that climb out of the assets folder, naming the fix', async () => {
    const missing = await fetch(`${base}/assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(
      /No console asset \/assets\/nope\.js: rebuild with `npm run build:web`/,
    );
    for (const climb of ['/assets/..%2Findex.html', '/assets/%2e%2e/%2e%2e/package.json']) {
      const response = await fetch(`${base}${climb}`);
      expect(response.status).toBe(404);
      await response.text();
    }
  });

  it('leaves the API and the health endpoints to the service, whatever the browser accepts', async () => {
    const ready = await fetch(`${base}/ready`, { headers: { accept: 'text/html' } });
    expect([200, 503]).toContain(ready.status);
    const report = (await ready.json()) as { service: string; checks: unknown };
    expect(report.service).toBe('case-management');
    expect(typeof report.checks).toBe('object');
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.headers.get('cache-control')).toBe('no-store');
    expect(await metrics.text()).toMatch(/^process_cpu_user_seconds_total\{service="case-management"\} /m);
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'case-management' });
    const query = await fetch(`${base}/graphql?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: {
        accept: 'text/html, application/json',
        authorization: analyst,
        'apollo-require-preflight': '1',
      },
    });
    expect(await query.json()).toEqual({ data: { me: { id: 'alice' } } });
  });

  it('runs queries compiled and says so on /metrics', async () => {
    const counted = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(
        /^graphql_queries_total\{engine="compiled",service="case-management"\} (\d+)/m.exec(text)?.[1] ?? 0,
      );
    };
    const before = await counted();
    const page = await api.gql(
      '{ alerts(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }',
      {},
      analyst,
    );
    expect(page).toEqual({ data: { alerts: { edges: [], pageInfo: { hasNextPage: false } } } });
    expect(await counted()).toBe(before + 1);
  });

  it('reads a GET operation as Apollo does: an invalid escape does not hide the nesting (review)', async () => {
    const query = `{me(x:${'%5B'.repeat(3_000)}${']'.repeat(3_000)}){id}}%23%FF`;
    const response = await fetch(`${api.url}?query=${query}`, {
      headers: { authorization: analyst, 'apollo-require-preflight': '1' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(body.errors[0]?.message).toMatch(/nests 3002 levels deep/);
  });

  it('refuses a body over 100 KiB with 413, as Express did', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: analyst },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(110_000)}` }),
    });
    expect(response.status).toBe(413);
    await response.text();
  });

  it('refuses an operation nested too deep with BAD_USER_INPUT and 400, by POST and by GET', async () => {
    const nested = (levels: number) => `{ me ${'{ id '.repeat(levels)}${'}'.repeat(levels)} }`;
    const deep = nested(5_000);
    const post = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: analyst },
      body: JSON.stringify({ query: deep }),
    });
    expect(post.status).toBe(400);
    const posted = (await post.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(posted.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(posted.errors[0]?.message).toMatch(/nests 5001 levels deep; at most 100 are allowed/);
    // A URL stays under Node's 16 KiB of headers: 1,000 levels.
    const get = await fetch(`${api.url}?query=${encodeURIComponent(nested(1_000))}`, {
      headers: { authorization: analyst, 'apollo-require-preflight': '1' },
    });
    expect(get.status).toBe(400);
    const refused = (await get.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]?.message).toMatch(/nests 1001 levels deep/);
    expect(refused.errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});
