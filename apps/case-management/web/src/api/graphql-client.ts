// The console's only way to the server: GraphQL over HTTP POST with the analyst's bearer token.
// Every failure becomes an ApiError carrying the server's message and extensions.code, so views show
// what went wrong (a conflict, a rule) instead of swallowing it.
import { storedToken } from '../session.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** extensions.code from the server (CONFLICT, INVALID_STATE, ...), or NETWORK / SERVER. */
    readonly code: string,
    message: string,
    /** True when trying again later may succeed (network, server); false when the request must change. */
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Called when the server says the token is no good: the shell sends the analyst to sign in. */
let onUnauthenticated: (error: ApiError) => void = () => undefined;
export const whenUnauthenticated = (handler: (error: ApiError) => void): void => {
  onUnauthenticated = handler;
};

export const GRAPHQL_PATH = '/graphql';

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = storedToken();
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (cause) {
    throw new ApiError(
      'NETWORK',
      `The server could not be reached (${String(cause)}); check it runs and retry.`,
      true,
    );
  }
  let body: GraphqlResponse<T>;
  try {
    body = (await response.json()) as GraphqlResponse<T>;
  } catch {
    throw new ApiError(
      'SERVER',
      `The server answered ${response.status} ${response.statusText} without a GraphQL response; retry later.`,
      response.status >= 500,
    );
  }
  const errors = body.errors ?? [];
  const first = errors[0];
  if (first) {
    const code = first.extensions?.code ?? (response.status >= 500 ? 'SERVER' : 'BAD_USER_INPUT');
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    const error = new ApiError(
      code,
      first.message + more,
      code === 'SERVER' || code === 'INTERNAL_SERVER_ERROR',
    );
    if (code === 'UNAUTHENTICATED') onUnauthenticated(error);
    throw error;
  }
  if (body.data == null) {
    throw new ApiError('SERVER', `The server answered ${response.status} with no data; retry later.`, true);
  }
  return body.data;
}

/** A short heading for an error code: the banner shows it above the server's own message. */
export function headingOf(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong';
  const headings: Record<string, string> = {
    CONFLICT: 'Someone changed this first: reload and try again',
    INVALID_STATE: 'Not allowed in this state',
    FORBIDDEN: 'Your role cannot do this',
    UNAUTHENTICATED: 'Please sign in again',
    NOT_FOUND: 'Not found',
    BAD_USER_INPUT: 'Check the input',
    GRAPHQL_VALIDATION_FAILED: 'This server does not offer this',
    NETWORK: 'Server unreachable (retriable)',
  };
  return headings[error.code] ?? (error.retriable ? 'Server error (retriable)' : 'Server error');
}
