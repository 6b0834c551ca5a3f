// The API end to end over HTTP and WebSocket against the running app and real PostgreSQL: the
// authorisation matrix for every operation in the schema, the schema file being current, and the
// review workflow seen through subscriptions.
import { readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { raiseAlert, startApi, token, type ApiHarness } from '../testing/api.spec-helpers.js';
import { SCHEMA_FILE } from './graphql-options.js';

const SUPERVISOR_ONLY = new Set([
  'reopenAlert',
  'unblockCustomer',
  'setRiskThresholds',
  'assignChallenger',
  'promoteModel',
]);

function literal(type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) return '{}';
  switch (named.name) {
    case 'Int':
      return '1';
    case 'Float':
      return '0.5';
    case 'Boolean':
      return 'true';
    default:
      return '"x"';
  }
}

/** A minimal, valid operation calling one root field with made-up arguments. */
function operationFor(
  kind: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
): string {
  const args = field.args
    .filter((arg: GraphQLArgument) => isNonNullType(arg.type))
    .map((arg) => `${arg.name}: ${literal(arg.type)}`);
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

describe('case-management API end to end', () => {
  let api: ApiHarness;
  let analyst: string;
  let supervisor: string;
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  const operations = (['query', 'mutation'] as const).flatMap((kind) => {
    const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
    return Object.values(root!.getFields()).map((field) => ({
      kind,
      name: field.name,
      text: operationFor(kind, field),
    }));
  });

  beforeAll(async () => {
    api = await startApi({}, { store: process.env.CM_TEST_STORE === 'memory' ? 'memory' : 'postgres' });
    analyst = `Bearer ${await token('alice', 'analyst')}`;
    supervisor = `Bearer ${await token('sue', 'supervisor')}`;
  });
  afterAll(async () => {
    await api.close();
  });

  it('schema.gql is the schema the code builds (run the app once to regenerate it)', () => {
    const built = api.app.get(GraphQLSchemaHost).schema;
    expect(printSchema(lexicographicSortSchema(built))).toBe(printSchema(lexicographicSortSchema(schema)));
  });

  it('covers every operation of the architecture', () => {
    expect(operations.map((operation) => operation.name).sort()).toEqual(
      expect.arrayContaining([
        'alerts',
        'alert',
        'transactions',
        'transaction',
        'fraudRate',
        'scoreDistribution',
        'riskyMerchants',
        'riskyCountries',
        'exposedCustomers',
        'recentActivity',
        'riskPolicy',
        'thresholdAnalysis',
        'modelInfo',
        'drift',
        'me',
        'claimAlert',
        'unassignAlert',
        'addAlertNote',
        'blockTransaction',
        'releaseTransaction',
        'escalateAlert',
        'resolveAlert',
        'reopenAlert',
        'blockCustomer',
        'unblockCustomer',
        'setRiskThresholds',
      ]),
    );
  });

  it('no token, a bad signature or an expired token is UNAUTHENTICATED for every operation', async () => {
    const forged = `Bearer ${await token('mallory', 'supervisor', { secret: 'another-secret-another-secret-0123456' })}`;
    const expired = `Bearer ${await token('alice', 'analyst', { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`;
    for (const authorization of [null, forged, expired, 'Bearer not-a-jwt']) {
      for (const operation of operations) {
        const result = await api.gql(operation.text, {}, authorization);
        expect({ operation: operation.name, code: result.errors?.[0]?.extensions?.code }).toEqual({
          operation: operation.name,
          code: 'UNAUTHENTICATED',
        });
        expect(result.data?.[operation.name] ?? null).toBeNull();
      }
    }
  });

  it('an analyst on a supervisor operation is FORBIDDEN; every other operation gets past authorisation', async () => {
    for (const operation of operations) {
      const result = await api.gql(operation.text, {}, analyst);
      const code = result.errors?.[0]?.extensions?.code;
      if (SUPERVISOR_ONLY.has(operation.name))
        expect({ op: operation.name, code }).toEqual({ op: operation.name, code: 'FORBIDDEN' });
      else
        expect({ op: operation.name, refused: code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' }).toEqual({
          op: operation.name,
          refused: false,
        });
    }
    const asSupervisor = await api.gql(
      'mutation { setRiskThresholds(reviewThreshold: 0.4, blockThreshold: 0.8, reason: "fewer misses") { version reviewThreshold changedBy } }',
      {},
      supervisor,
    );
    expect(asSupervisor.data?.setRiskThresholds).toEqual({
      version: 1,
      reviewThreshold: 0.4,
      changedBy: 'sue',
    });
  });

  it('too deep or too costly operations are refused before they run', async () => {
    const page =
      'alerts(first: 100) { edges { node { id status timeline { at } notes { at } transaction { id } } } }';
    const costly = await api.gql(
      `{ ${Array.from({ length: 8 }, (_, n) => `a${n}: ${page}`).join(' ')} }`,
      {},
      analyst,
    );
    expect(costly.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(costly.errors?.[0]?.message).toMatch(/would cost \d+ .*at most 5000 .*GRAPHQL_MAX_COST/);
    expect(costly.data ?? null).toBeNull();
  });

  it('subscriptions deliver the raise and each update over graphql-ws, and refuse a bad token', async () => {
    const client = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: analyst },
    });
    const received: { kind: string; status: string; assignee: string | null }[] = [];
    const listen = (query: string, kind: string) =>
      new Promise<void>((resolve, reject) => {
        client.subscribe<{ [key: string]: { status: string; assignee: string | null } }>(
          { query },
          {
            next: (value) => {
              const alert = Object.values(value.data ?? {})[0];
              if (alert) received.push({ kind, ...alert });
            },
            error: reject,
            complete: resolve,
          },
        );
      });
    const failures: unknown[] = [];
    for (const [query, kind] of [
      ['subscription { alertRaised { status assignee } }', 'raised'],
      ['subscription { alertUpdated { status assignee } }', 'updated'],
    ] as const) {
      listen(query, kind).catch((error: unknown) => failures.push(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the feed goes live after its catch-up
    const id = await raiseAlert(api.store);
    await api.gql('mutation($id: ID!) { claimAlert(id: $id) { version } }', { id }, analyst);
    await api.gql(
      'mutation($id: ID!) { resolveAlert(id: $id, disposition: CONFIRMED_FRAUD, note: "card stolen") { version } }',
      { id },
      analyst,
    );
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([
      { kind: 'raised', status: 'OPEN', assignee: null },
      { kind: 'updated', status: 'IN_REVIEW', assignee: 'alice' },
      { kind: 'updated', status: 'RESOLVED', assignee: 'alice' },
    ]);
    await client.dispose();
    expect(failures).toEqual([]);

    const anonymous = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer nope' },
    });
    const refusal = await new Promise<unknown>((resolve) => {
      anonymous.subscribe(
        { query: 'subscription { alertRaised { id } }' },
        { next: resolve, error: resolve, complete: () => resolve(undefined) },
      );
    });
    expect(JSON.stringify(refusal)).toContain('UNAUTHENTICATED');
    await anonymous.dispose();
  });

  it('a browser on GET /graphql gets our bundled console, with nothing loaded from another host', async () => {
    const response = await fetch(api.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('id="graphql-console"');
    const references = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\/(?!\/)/); // a path on this server
    // Apollo's landing page and Nest's GraphiQL load from CDNs (embeddable-sandbox.cdn.apollographql.com, unpkg.com).
    expect(html).not.toMatch(/https?:|\/\/[\w.-]+\.[a-z]{2,}|apollographql|unpkg|jsdelivr|sandbox/i);
  });
});
