// Refuses an operation whose braces nest too deep BEFORE graphql-js parses it: its recursive-descent
// parser overflows the stack at a few thousand levels (`{ me { id { id ...`), which would surface
// as an INTERNAL_SERVER_ERROR. A linear scan of the text is cheap and cannot overflow; the depth
// and cost rules (query-limits.ts) still judge every operation that gets through.
import { GraphQLError } from 'graphql';

/** Far above any real operation (GRAPHQL_MAX_DEPTH bounds fields at 8 by default). */
export const MAX_NESTING = 100;

/** Deepest nesting of `{ }`, `( )` and `[ ]` outside strings and comments. */
export function nestingOf(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (char === '"') {
      const block = source.startsWith('"""', i);
      const end = block ? '"""' : '"';
      i += end.length;
      while (i < source.length && !source.startsWith(end, i)) i += source[i] === '\\' && !block ? 2 : 1;
      i += end.length - 1;
    } else if (char === '{' || char === '(' || char === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === '}' || char === ')' || char === ']') {
      depth--;
    }
  }
  return deepest;
}

export function nestingError(source: unknown): GraphQLError | undefined {
  if (typeof source !== 'string') return undefined;
  const nesting = nestingOf(source);
  if (nesting <= MAX_NESTING) return undefined;
  return new GraphQLError(
    `The operation nests ${nesting} levels deep; at most ${MAX_NESTING} are allowed. Flatten it (fields may ` +
      'nest at most GRAPHQL_MAX_DEPTH levels anyway).',
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}
