// The per-operation GraphQL context: who is calling (or why they could not be identified) and the
// correlation id recorded in the metadata of every event the operation appends.
import { randomUUID } from 'node:crypto';
import type { Person } from '#domain';
import { Unauthenticated, type TokenVerifier } from './token-verifier.js';

export interface ApiContext {
  readonly actor: Person | undefined;
  readonly authError: Error | undefined;
  readonly correlationId: string;
}

interface HttpContextArgs {
  readonly req: { headers: Record<string, string | string[] | undefined> };
}
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

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Builds the context of an HTTP request or of a graphql-ws operation. */
export function contextFactory(verifier: TokenVerifier) {
  return async (args: HttpContextArgs | WsContextArgs): Promise<ApiContext> => {
    if ('extra' in args && args.extra !== undefined && !('req' in args)) {
      // graphql-ws: the token was checked once in onConnect (connection_init payload).
      const auth = args.extra.auth ?? (await authenticate(verifier, args.connectionParams?.authorization));
      return { actor: auth.actor, authError: auth.error, correlationId: randomUUID() };
    }
    const { req } = args as HttpContextArgs;
    const auth = await authenticate(verifier, header(req.headers.authorization));
    const correlation = header(req.headers['x-correlation-id']);
    return {
      actor: auth.actor,
      authError: auth.error,
      correlationId: correlation && /^[\w.:-]{1,100}$/.test(correlation) ? correlation : randomUUID(),
    };
  };
}
