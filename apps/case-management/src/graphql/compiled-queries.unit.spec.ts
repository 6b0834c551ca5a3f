// Compiled queries answer what graphql-js would, and anything else is left to Apollo as before.
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Registry } from 'prom-client';
import { compiledQueriesPlugin, QUERIES_METRIC } from './compiled-queries.js';

const typeDefs = `
  type Alert { id: ID! score: Float! tags(first: Int = 2): [String!]! }
  input Filter { min: Float }
  type Query { alerts(min: Float!): [Alert!]! broken: Alert filtered(filter: Filter): [Alert!]! }
  type Mutation { touch: Int! }
`;

function server(options: { registry?: Registry; compiled: boolean }) {
  const calls = { broken: 0, touch: 0 };
  const alerts = [
    { id: 'a1', score: 0.91, tags: ['card', 'night', 'abroad'] },
    { id: 'a2', score: 0.42, tags: [] },
  ];
  const resolvers = {
    Query: {
      alerts: (_: unknown, { min }: { min: number }) => alerts.filter((alert) => alert.score >= min),
      filtered: (_: unknown, { filter }: { filter?: { min?: number } }) =>
        alerts.filter((alert) => alert.score >= (filter?.min ?? 0)),
      broken: () => {
        calls.broken++;
        throw new GraphQLError('nope', { extensions: { code: 'FORBIDDEN' } });
      },
    },
    Alert: { tags: (alert: { tags: string[] }, { first }: { first: number }) => alert.tags.slice(0, first) },
    Mutation: { touch: () => ++calls.touch },
  };
  const apollo = new ApolloServer({
    typeDefs,
    resolvers,
    plugins: options.compiled ? [compiledQueriesPlugin(options.registry)] : [],
  });
  return { apollo, calls };
}

const run = async (apollo: ApolloServer, query: string, variables?: Record<string, unknown>) => {
  const response = await apollo.executeOperation({ query, variables });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
};

const counts = async (registry: Registry): Promise<Record<string, number>> => {
  const metric = await registry.getSingleMetric(QUERIES_METRIC)?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.engine), v.value]));
};

describe('compiled queries', () => {
  const registry = new Registry();
  const compiled = server({ registry, compiled: true });
  const plain = server({ compiled: false });
  beforeAll(async () => Promise.all([compiled.apollo.start(), plain.apollo.start()]));
  afterAll(async () => Promise.all([compiled.apollo.stop(), plain.apollo.stop()]));

  it('given a valid query, when it runs compiled, then the result is the one graphql-js gives', async () => {
    const query = 'query($min: Float!) { alerts(min: $min) { id score tags short: tags(first: 1) } }';
    for (const min of [0, 0.5, 0.95]) {
      const expected = await run(plain.apollo, query, { min });
      expect(await run(compiled.apollo, query, { min })).toEqual(expected);
    }
    expect(await counts(registry)).toEqual({ compiled: 3 });
  });

  it('given a query that fails, when compiled, then Apollo runs it again and reports its own errors', async () => {
    const query = '{ broken { id } }';
    const expected = await run(plain.apollo, query);
    expect(await run(compiled.apollo, query)).toEqual(expected);
    expect(expected.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(compiled.calls.broken).toBe(2); // once compiled, once by graphql-js: queries only, no side effects
    const badVariable = await run(compiled.apollo, 'query($min: Float!) { alerts(min: $min) { id } }', {
      min: 'high',
    });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts(registry)).toEqual({ compiled: 3, interpreted: 2 });
  });

  it('given what graphql-jit would answer differently from graphql-js, then Apollo answers it (review)', async () => {
    const before = await counts(registry);
    // An empty list for an input object: graphql-js refuses it, graphql-jit would pass {}.
    const list = 'query($f: Filter) { filtered(filter: $f) { id } }';
    const refused = await run(compiled.apollo, list, { f: [] });
    expect(refused).toEqual(await run(plain.apollo, list, { f: [] }));
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An alias named __proto__: graphql-jit's plain objects would lose or move it.
    const proto = '{ alerts(min: 0) { a: id __proto__: score b: id } }';
    const answer = await run(compiled.apollo, proto);
    expect(JSON.stringify(answer)).toBe(JSON.stringify(await run(plain.apollo, proto)));
    expect(await counts(registry)).toEqual({ ...before, interpreted: (before.interpreted ?? 0) + 2 });
  });

  it('given a mutation, then it runs once, as Apollo runs it, never compiled', async () => {
    expect(await run(compiled.apollo, 'mutation { touch }')).toEqual({ data: { touch: 1 } });
    expect(compiled.calls.touch).toBe(1);
    expect(await counts(registry)).toEqual({ compiled: 3, interpreted: 4 });
  });
});
