// Keyset-pagination cursors shared by the lists (alerts, transactions): the (time, id) pair of the last
// row of a page, base64url-encoded JSON. Opaque to clients; a cursor we did not give out is BAD_USER_INPUT.
import { ApiError } from './api-error.js';

/** `at` as a Date or as its ISO text. */
export const encodeCursor = (at: Date | string, id: string): string =>
  Buffer.from(JSON.stringify([typeof at === 'string' ? at : at.toISOString(), id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // fall through to the error below: the cursor is not one we gave out
  }
  throw new ApiError(
    'BAD_USER_INPUT',
    'after is not a cursor from this API: pass pageInfo.endCursor of the previous page',
  );
}
