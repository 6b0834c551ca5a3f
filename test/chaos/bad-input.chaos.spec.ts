// Bad input everywhere, against the services as processes over real Kafka and PostgreSQL: generated
// bad HTTP payloads at ingest, poison messages on the transactions topic, invalid GraphQL inputs,
// oversized and deeply nested operations, and missing / forged / expired / wrong-role tokens. Each
// gets a clear error (a code and a message naming the problem) and leaves no trace in the event log:
// at the end the log holds exactly the events of a few valid "canary" transactions sent last.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
} from 'graphql';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import { waitFor } from '#testing';
import { badHttpPayloads, poisonMessages, signToken } from './harness/bad-input.js';
import { announce, chaosScale, chaosSeed, reportFigures } from './harness/chaos-config.js';
import {
  checkerPool,
  type RestartableServer,
  startChaosKafka,
  startChaosPostgres,
} from './harness/chaos-servers.js';
import { checkConsumerOffsets, checkEventLog } from './harness/invariants.js';
import { simulatedTraffic } from './harness/load-driver.js';
import { CHAOS_JWT_SECRET, ServiceFleet } from './harness/service-fleet.js';

const SCALE = { ci: { http: 400, poison: 60 }, full: { http: 5_000, poison: 1_000 } }[chaosScale()];
const SUPERVISOR_ONLY = new Set(['reopenAlert', 'unblockCustomer', 'setRiskThresholds']);

interface GraphqlAnswer {
  status: number;
  errors: { message: string; extensions?: { code?: string } }[];
}

describe('bad input at every edge leaves a clear error and no trace', () => {
  const seed = chaosSeed();
  let postgres: RestartableServer | undefined;
  let kafka: RestartableServer | undefined;
  let fleet: ServiceFleet | undefined;
  let pool: pg.Pool;
  const [base, ...canaries] = simulatedTraffic(seed, 21);
  const figures: Record<string, unknown> = { seed };

  beforeAll(async () => {
    announce('bad-input', seed, SCALE);
    [postgres, kafka] = await Promise.all([startChaosPostgres(), startChaosKafka()]);
    fleet = new ServiceFleet({
      databaseUrl: postgres.address,
      brokers: kafka.address,
      env: { 'case-management': { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_COST: '5000' } },
    });
    const services = fleet;
    await Promise.all((['ingest', 'scoring', 'case-management'] as const).map((app) => services.start(app)));
    await fleet.waitAllReady(120_000);
    pool = checkerPool(postgres.address);
  }, 300_000);

  afterAll(async () => {
    await fleet?.stopAll();
    await pool?.end();
    await kafka?.stop();
    await postgres?.stop();
  }, 120_000);

  it('ingest refuses every generated bad payload with a 4xx naming the problem', async () => {
    const cases = badHttpPayloads(seed, SCALE.http, base!);
    const byCode: Record<string, number> = {};
    for (const { what, path, body, contentType } of cases) {
      const response = await fetch(fleet!.url('ingest', path), {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      const answer = (await response.json()) as { error?: { code?: string; message?: string } };
      const failure = `${what} -> ${response.status} ${JSON.stringify(answer).slice(0, 300)}`;
      expect([failure, response.status >= 400 && response.status < 500]).toEqual([failure, true]);
      expect([failure, typeof answer.error?.code, (answer.error?.message ?? '').length > 10]).toEqual([
        failure,
        'string',
        true,
      ]);
      byCode[`${response.status} ${answer.error!.code}`] =
        (byCode[`${response.status} ${answer.error!.code}`] ?? 0) + 1;
    }
    figures.http = { injected: cases.length, byCode };
  }, 300_000);

  it('scoring dead-letters every poison message with the reason, and the partition keeps going', async () => {
    const messages = poisonMessages(seed, SCALE.poison, base!);
    const producer = new Kafka({ brokers: [kafka!.address], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: 'transactions',
      messages: messages.map(({ value }, index) => ({ key: `poison-${index % 7}`, value })),
    });
    await producer.disconnect();
    const dlq = await readTopic(kafka!.address, 'transactions.dlq', messages.length);
    expect(dlq).toHaveLength(messages.length);
    for (const headers of dlq) {
      expect(headers['x-error']?.length).toBeGreaterThan(5);
      expect(headers['x-error-code']).toBe('INVALID_MESSAGE');
      expect(headers['x-error-retriable']).toBe('false');
    }
    const kinds: Record<string, number> = {};
    for (const { what } of messages)
      kinds[what.split(' with ')[0]!] = (kinds[what.split(' with ')[0]!] ?? 0) + 1;
    figures.poison = { injected: messages.length, deadLettered: dlq.length, kinds };
  }, 180_000);

  it('the API answers invalid, oversized and deeply nested operations with a coded error', async () => {
    const analyst = await signToken(CHAOS_JWT_SECRET, { sub: 'ana', role: 'analyst' });
    const supervisor = await signToken(CHAOS_JWT_SECRET, { sub: 'sam', role: 'supervisor' });
    const nested = (depth: number) => `{ me ${'{ id '.repeat(depth)}${'}'.repeat(depth)} }`;
    const cases: { what: string; token: string; body: unknown; codes: string[] }[] = [
      {
        what: 'unknown disposition',
        token: analyst,
        body: { query: 'mutation { resolveAlert(id: "a", disposition: MAYBE, note: "n") { id } }' },
        codes: ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'],
      },
      {
        what: 'thresholds review > block',
        token: supervisor,
        body: {
          query:
            'mutation { setRiskThresholds(reviewThreshold: 0.9, blockThreshold: 0.2, reason: "r") { version } }',
        },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'threshold above 1',
        token: supervisor,
        body: {
          query:
            'mutation { setRiskThresholds(reviewThreshold: 0.5, blockThreshold: 7, reason: "r") { version } }',
        },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'empty reason',
        token: analyst,
        body: {
          query: `mutation { blockCustomer(customerId: "${base!.customerId}", reason: "") { version } }`,
        },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'claim of an alert that does not exist',
        token: analyst,
        body: { query: 'mutation { claimAlert(id: "no-such-alert") { id } }' },
        codes: ['NOT_FOUND'],
      },
      {
        what: 'negative expectedVersion',
        token: analyst,
        body: {
          query: 'mutation { addAlertNote(id: "no-such-alert", note: "n", expectedVersion: -5) { id } }',
        },
        codes: ['BAD_USER_INPUT', 'NOT_FOUND'],
      },
      {
        what: 'page size 100,000',
        token: analyst,
        body: { query: '{ alerts(first: 100000) { edges { cursor } } }' },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: '7 histogram bins',
        token: analyst,
        body: { query: '{ scoreDistribution(bins: 7) { transactions } }' },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'a date that is not one',
        token: analyst,
        body: { query: '{ fraudRate(from: "yesterday", to: "now") { transactions } }' },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'a cursor that is not one',
        token: analyst,
        body: { query: '{ alerts(after: "not-a-cursor") { edges { cursor } } }' },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'wrong variable type',
        token: analyst,
        body: { query: 'query($n: Int) { alerts(first: $n) { edges { cursor } } }', variables: { n: 'ten' } },
        codes: ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'],
      },
      {
        what: 'unknown field',
        token: analyst,
        body: { query: '{ alerts { secretField } }' },
        codes: ['GRAPHQL_VALIDATION_FAILED'],
      },
      {
        what: 'syntax error',
        token: analyst,
        body: { query: '{ alerts { ' },
        codes: ['GRAPHQL_PARSE_FAILED'],
      },
      {
        what: 'no query at all',
        token: analyst,
        body: { variables: {} },
        codes: ['BAD_REQUEST', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED'],
      },
      {
        what: 'depth 5 over GRAPHQL_MAX_DEPTH=4',
        token: analyst,
        body: { query: '{ alerts { edges { node { transaction { id } } } } }' },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'selection nested 5,000 levels',
        token: analyst,
        body: { query: nested(5_000) },
        codes: ['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'],
      },
      {
        what: '2,000 aliased pages over GRAPHQL_MAX_COST',
        token: analyst,
        body: {
          query: `{ ${Array.from({ length: 2_000 }, (_, i) => `a${i}: alerts(first: 100) { edges { cursor } }`).join(' ')} }`,
        },
        codes: ['BAD_USER_INPUT'],
      },
      {
        what: 'variables nested 5,000 levels',
        token: analyst,
        // Sent as text: V8's own JSON.stringify cannot write an object this deep.
        body: `{"query":"query($f: AlertFilter) { alerts(filter: $f) { edges { cursor } } }","variables":{"f":${'{"status":'.repeat(5_000)}"OPEN"${'}'.repeat(5_000)}}}`,
        codes: ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'],
      },
    ];
    const answers: Record<string, string> = {};
    // Every case is sent and judged before asserting, so one wrong answer does not hide the others.
    const wrong: string[] = [];
    for (const { what, token, body, codes } of cases) {
      const answer = await graphql(fleet!.url('case-management', '/graphql'), token, body);
      const code = answer.errors[0]?.extensions?.code ?? `none (HTTP ${answer.status})`;
      const message = answer.errors[0]?.message ?? '';
      answers[what] = code;
      if (!codes.includes(code) || message.length <= 10 || answer.status >= 500) {
        wrong.push(
          `${what}: HTTP ${answer.status} ${code} "${message.slice(0, 160)}" (expected ${codes.join(' | ')})`,
        );
      }
    }
    figures.graphql = { injected: cases.length, answers, wrong };
    expect(wrong).toEqual([]);
    expect((await fetch(fleet!.url('case-management', '/health'))).status).toBe(200);
  }, 180_000);

  it('refuses missing, forged, expired, malformed and wrong-role tokens on every mutation', async () => {
    const schema = buildSchema(readFileSync('apps/case-management/schema.gql', 'utf8'));
    const mutations = Object.values(schema.getMutationType()!.getFields());
    const tokens: { what: string; header: string | undefined; supervisorOnly: boolean }[] = [
      { what: 'missing', header: undefined, supervisorOnly: false },
      {
        what: 'forged (other secret)',
        header: `Bearer ${await signToken('x'.repeat(40), { sub: 'mallory', role: 'supervisor' })}`,
        supervisorOnly: false,
      },
      {
        what: 'expired',
        header: `Bearer ${await signToken(CHAOS_JWT_SECRET, { sub: 'sam', role: 'supervisor', expiresIn: Math.floor(Date.now() / 1000) - 3_600 })}`,
        supervisorOnly: false,
      },
      { what: 'malformed', header: 'Bearer not.a.token', supervisorOnly: false },
      {
        what: 'unsigned (alg none)',
        header: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"m","role":"supervisor"}').toString('base64url')}.`,
        supervisorOnly: false,
      },
      {
        what: 'no role',
        header: `Bearer ${await signToken(CHAOS_JWT_SECRET, { sub: 'nobody' })}`,
        supervisorOnly: false,
      },
      {
        what: 'analyst on a supervisor operation',
        header: `Bearer ${await signToken(CHAOS_JWT_SECRET, { sub: 'ana', role: 'analyst' })}`,
        supervisorOnly: true,
      },
    ];
    let injected = 0;
    for (const token of tokens) {
      for (const field of mutations.filter(
        (candidate) => !token.supervisorOnly || SUPERVISOR_ONLY.has(candidate.name),
      )) {
        const answer = await graphqlRaw(fleet!.url('case-management', '/graphql'), token.header, {
          query: mutationFor(field, base!.customerId, base!.transactionId),
        });
        const code = answer.errors[0]?.extensions?.code;
        const expected = token.supervisorOnly ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        expect([token.what, field.name, code]).toEqual([token.what, field.name, expected]);
        injected += 1;
      }
    }
    figures.tokens = { injected, kinds: tokens.map(({ what }) => what), mutations: mutations.length };
  }, 180_000);

  it('leaves nothing in the event log but the canaries sent last, and every offset committed', async () => {
    const accepted = await fetch(fleet!.url('ingest', '/transactions/batch'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transactions: canaries }),
    });
    expect(accepted.status).toBe(202);
    const ids = canaries.map((transaction) => transaction.transactionId);
    const eventLog = await waitFor(
      async () => {
        const checked = await checkEventLog(pool, ids);
        return checked.violations.length === 0 ? checked : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'the canaries to be scored' },
    );
    const offsets = await waitFor(
      async () => {
        const checked = await checkConsumerOffsets(kafka!.address, 'scoring', ['transactions']);
        return checked.violations.length === 0 ? checked : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'scoring to commit past every poison message' },
    );
    const streams = [...ids.map((id) => `transaction-${id}`), ...ids.map((id) => `alert-${id}`)];
    const { rows } = await pool.query<{ stream_id: string; type: string }>(
      'SELECT stream_id, type FROM eventstore_events WHERE NOT (stream_id = ANY($1))',
      [streams],
    );
    figures.eventLog = { ...eventLog.figures, otherEvents: rows.length };
    figures.offsets = offsets.figures;
    reportFigures('bad-input', figures);
    expect(rows).toEqual([]);
    expect(eventLog.figures.transactionStreams).toBe(canaries.length);
  }, 240_000);
});

function literalFor(
  type: Parameters<typeof getNamedType>[0],
  name: string,
  customerId: string,
  transactionId: string,
): string {
  const named = getNamedType(type)!;
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) return '{}';
  if (named.name === 'Float') return name === 'blockThreshold' ? '0.9' : '0.5';
  if (named.name === 'Int') return '1';
  if (name === 'customerId') return JSON.stringify(customerId);
  if (name === 'id') return JSON.stringify(transactionId);
  return '"chaos"';
}

/** A valid call of the mutation on real ids: refused only by authentication or role, never by input. */
function mutationFor(
  field: GraphQLField<unknown, unknown>,
  customerId: string,
  transactionId: string,
): string {
  const args = field.args
    .filter((arg) => isNonNullType(arg.type))
    .map((arg) => `${arg.name}: ${literalFor(arg.type, arg.name, customerId, transactionId)}`);
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `mutation { ${field.name}(${args.join(', ')})${selection} }`;
}

async function graphql(url: string, token: string, body: unknown): Promise<GraphqlAnswer> {
  return await graphqlRaw(url, `Bearer ${token}`, body);
}

async function graphqlRaw(
  url: string,
  authorization: string | undefined,
  body: unknown,
): Promise<GraphqlAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: { errors?: GraphqlAnswer['errors'] };
  try {
    parsed = JSON.parse(text) as { errors?: GraphqlAnswer['errors'] };
  } catch {
    throw new Error(
      `the API answered ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`,
    );
  }
  return { status: response.status, errors: parsed.errors ?? [] };
}

async function readTopic(
  brokers: string,
  topic: string,
  expected: number,
): Promise<Record<string, string>[]> {
  const consumer = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).consumer({
    groupId: `chaos-probe-${Date.now()}`,
  });
  const headers: Record<string, string>[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        headers.push(
          Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]),
          ),
        );
        return Promise.resolve();
      },
    });
    await waitFor(() => (headers.length >= expected ? true : undefined), {
      timeoutMs: 120_000,
      what: `${expected} messages on ${topic}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // and no more than that
  } finally {
    await consumer.disconnect();
  }
  return headers;
}
