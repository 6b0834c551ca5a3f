// The per-operation GraphQL context: who is calling (or why they could not be identified) and the
// correlation id recorded in the metadata of every event the operation appends. Apollo builds it
// before it parses the operation, so the HTTP request's nesting limit is checked here too.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Person } from '#domain';
import { nestingError } from '../graphql/nesting-limit.js';
import { Unauthenticated, type TokenVerifier } from './token-verifier.js';

export interface ApiContext {
  readonly actor: Person | undefined;
  readonly authError: Error | undefined;
  readonly correlationId: string;
}

/** What the context needs of an HTTP request: Express's and Fastify's both have these. */
interface HttpRequest {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
  readonly url?: string;
}
/** Apollo's Express integration passes `{ req, res }`; its Fastify integration the request itself. */
type HttpContextArgs = { readonly req: HttpRequest } | HttpRequest;
interface WsContextArgs {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: { auth?: { actor?: Person; error?: Error } };
}

export async function authenticate(
  verifier: TokenVerifier,
  authorization: unknown,
): Promise<{ actor?: Person; error?: Error }> {
  try {
    if (authorization !== undefined && typeof authorization !== 'string') {
      throw new Unauthenticated('authorization must be a string: "Bearer <jwt>"');
    }
    return { actor: await verifier.verify(authorization) };
  } catch (error) {
    if (error instanceof Unauthenticated) return { error };
    throw error;
  }
}

/**
 * The operation's text: the POST body's `query`, or GET's `?query=` read from the URL as Apollo reads
 * it (URLSearchParams). Not the framework's parsed query: Fastify's parser leaves a value with an
 * invalid escape undecoded, which Apollo would still decode and parse (a bypass, found in review).
 */
function operationSource(req: HttpRequest): unknown {
  if (req.method === 'GET') {
    const url = (req as { originalUrl?: string; url?: string }).originalUrl ?? (req as { url?: string }).url;
    return url === undefined
      ? undefined
      : (new URL(url, 'http://api').searchParams.get('query') ?? undefined);
  }
  const body = req.body;
  return typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Builds the context of an HTTP request or of a graphql-ws operation. */
export function contextFactory(verifier: TokenVerifier) {
  return async (args: HttpContextArgs | WsContextArgs): Promise<ApiContext> => {
    if ('extra' in args && args.extra !== undefined && !('req' in args)) {
      // graphql-ws: the token was checked once in onConnect (connection_init payload).
      const auth = args.extra.auth ?? (await authenticate(verifier, args.connectionParams?.authorization));
      return { actor: auth.actor, authError: auth.error, correlationId: randomUUID() };
    }
    const req = 'req' in args ? args.req : (args as HttpRequest);
    const tooDeep = nestingError(operationSource(req));
    // Thrown from the context, a GraphQLError is Apollo's answer as it is, with the HTTP status its
    // `http` extension names (which Apollo takes out of the body).
    if (tooDeep) {
      throw new GraphQLError(tooDeep.message, {
        extensions: { ...tooDeep.extensions, http: { status: 400 } },
      });
    }
    const auth = await authenticate(verifier, header(req.headers.authorization));
    const correlation = header(req.headers['x-correlation-id']);
    return {
      actor: auth.actor,
      authError: auth.error,
      correlationId: correlation && /^[\w.:-]{1,100}$/.test(correlation) ? correlation : randomUUID(),
    };
  };
}
