import { MAX_NESTING, nestingError, nestingOf } from './nesting-limit.js';

describe('nesting limit', () => {
  it('measures the deepest brace, parenthesis or bracket nesting', () => {
    expect(nestingOf('{ alerts(first: 5) { edges { node { id } } } }')).toBe(4);
    expect(nestingOf('query($f: [String]) { a }')).toBe(2);
  });

  it('ignores braces inside strings, block strings and comments', () => {
    expect(nestingOf('{ a(note: "{{{{ \\" {{") # {{{{{\n }')).toBe(2);
    expect(nestingOf('{ a(note: """ {{{{ " {{ """) }')).toBe(2);
  });

  it('refuses 5,000 levels as BAD_USER_INPUT naming the limit, without recursion', () => {
    const deep = `{ me ${'{ id '.repeat(5_000)}${'}'.repeat(5_000)} }`;
    const error = nestingError(deep);
    expect(error?.extensions.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toContain(`at most ${MAX_NESTING}`);
  });

  it('lets ordinary operations and non-string input through to the usual checks', () => {
    expect(nestingError('{ me { id role } }')).toBeUndefined();
    expect(nestingError(undefined)).toBeUndefined();
  });
});
