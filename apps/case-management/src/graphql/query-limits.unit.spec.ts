import { buildSchema, parse, validate } from 'graphql';
import { classify } from './api-error.js';
import { queryLimitsRule, QueryTooLarge } from './query-limits.js';

const schema = buildSchema(`
  type Node { id: ID! child: Node children(first: Int): [Node!]! }
  type Query { node: Node nodes(first: Int): [Node!]! }
`);

const check = (query: string, limits = { maxDepth: 3, maxCost: 100 }) =>
  validate(schema, parse(query), [queryLimitsRule(limits)]).map((error) => error.message);

describe('query limits', () => {
  it('accepts an operation within depth and cost', () => {
    expect(check('{ node { id child { id } } }')).toEqual([]);
  });

  it('refuses an operation deeper than allowed, saying how deep it is', () => {
    expect(check('query Deep { node { child { child { id } } } }')).toEqual([
      expect.stringMatching(/Deep is 4 levels deep; at most 3/),
    ]);
  });

  it('counts depth through fragments', () => {
    const query = 'query F { node { ...A } } fragment A on Node { child { child { id } } }';
    expect(check(query)).toEqual([expect.stringMatching(/4 levels deep/)]);
  });

  it('multiplies the cost of a list by its page size', () => {
    // nodes(first: 50) { id child { id } } = 1 + 50 * (1 + (1 + 1)) = 151
    expect(check('query Big { nodes(first: 50) { id child { id } } }')).toEqual([
      expect.stringMatching(/Big would cost 151/),
    ]);
    expect(check('{ nodes(first: 10) { id child { id } } }')).toEqual([]);
  });

  it('counts a page size given as a variable as the largest page', () => {
    expect(check('query V($n: Int) { nodes(first: $n) { id } }', { maxDepth: 5, maxCost: 100 })).toEqual([
      expect.stringMatching(/would cost 101/),
    ]);
  });

  it('is a BAD_USER_INPUT naming the limit and its variable, not a generic validation failure', () => {
    const [error] = validate(schema, parse('{ node { child { child { id } } } }'), [
      queryLimitsRule({ maxDepth: 3, maxCost: 100 }),
    ]);
    expect(error).toBeInstanceOf(QueryTooLarge);
    expect(classify(error)).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/at most 3 are allowed \(GRAPHQL_MAX_DEPTH\)/) as unknown,
    });
  });
});
