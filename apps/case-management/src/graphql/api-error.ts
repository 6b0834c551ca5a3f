// The error codes the API speaks (`extensions.code`), and the one place every thrown error is mapped
// to one of them. Messages of user-caused errors name the problem and the fix; anything unexpected
// becomes INTERNAL_SERVER_ERROR with a generic message (logged, never leaked with its stack).
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '#domain';
import { Unauthenticated } from '../auth/token-verifier.js';
import { QueryTooLarge } from './query-limits.js';

export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'INTERNAL_SERVER_ERROR';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Codes that graphql-js / Apollo give for a malformed request; passed through as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** The code and message an error is shown with; `undefined` code means "unexpected". */
export function classify(error: unknown): { code: ApiErrorCode; message: string } | undefined {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof Unauthenticated) return { code: 'UNAUTHENTICATED', message: error.message };
  if (error instanceof QueryTooLarge) return { code: 'BAD_USER_INPUT', message: error.message };
  if (error instanceof Error && error.name === 'WrongExpectedVersion') {
    return {
      code: 'CONFLICT',
      message: `${error.message.split(':')[0] ?? 'The record changed'}: someone changed it since you read it; reload and try again`,
    };
  }
  return undefined;
}

export function formatApiError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logUnexpected: (error: unknown) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const known = classify(original);
  const { locations, path } = formatted;
  if (known) return { message: known.message, locations, path, extensions: { code: known.code } };
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    REQUEST_CODES.has(code) &&
    !(original instanceof Error && original !== error)
  ) {
    return { message: formatted.message, locations, path, extensions: { code } };
  }
  if (original instanceof GraphQLError && original.originalError === undefined) {
    // Errors graphql-js raises itself while validating or coercing input: the caller's to fix.
    return { message: formatted.message, locations, path, extensions: { code: code ?? 'BAD_USER_INPUT' } };
  }
  logUnexpected(original);
  const retriable = (original as { retriable?: unknown } | undefined)?.retriable === true;
  return {
    message: retriable
      ? 'A service this API depends on is unavailable; retry in a moment'
      : 'Internal error: it has been logged',
    locations,
    path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', retriable },
  };
}
