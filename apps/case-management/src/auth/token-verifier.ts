// Turns a bearer token into the Person who acts: HS256 with JWT_SECRET (development, the demo) or an
// OIDC issuer's keys (JWT_JWKS_URL; RS256 / ES256) so a bank plugs in its own identity provider.
// The role comes from the `role` claim, or the first of `roles` that we know (supervisor wins).
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Person, Role } from '#domain';

export class Unauthenticated extends Error {
  override readonly name = 'Unauthenticated';
}

export interface TokenSettings {
  readonly JWT_SECRET?: string | undefined;
  readonly JWT_JWKS_URL?: string | undefined;
  readonly JWT_ISSUER?: string | undefined;
  readonly JWT_AUDIENCE?: string | undefined;
}

const ROLES: readonly Role[] = ['supervisor', 'analyst'];

export function roleFromClaims(payload: JWTPayload): Role | undefined {
  const roles: unknown = payload.roles;
  const claimed: unknown[] = [payload.role, ...(Array.isArray(roles) ? (roles as unknown[]) : [roles])];
  return ROLES.find((role) => claimed.includes(role));
}

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: TokenSettings) {
    if (settings.JWT_JWKS_URL) {
      this.key = createRemoteJWKSet(new URL(settings.JWT_JWKS_URL));
      this.algorithms = ['RS256', 'ES256'];
    } else if (settings.JWT_SECRET) {
      this.key = new TextEncoder().encode(settings.JWT_SECRET);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('TokenVerifier needs JWT_SECRET or JWT_JWKS_URL');
    }
  }

  /** Verifies `Bearer <jwt>` (or a bare jwt); throws Unauthenticated naming what is wrong. */
  async verify(authorization: string | undefined | null): Promise<Person> {
    if (!authorization) {
      throw new Unauthenticated('A bearer token is required: send `Authorization: Bearer <jwt>`');
    }
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        ...(this.settings.JWT_ISSUER ? { issuer: this.settings.JWT_ISSUER } : {}),
        ...(this.settings.JWT_AUDIENCE ? { audience: this.settings.JWT_AUDIENCE } : {}),
      }));
    } catch (error) {
      throw new Unauthenticated(describeJoseError(error), { cause: error });
    }
    const id = typeof payload.sub === 'string' ? payload.sub : undefined;
    if (!id) throw new Unauthenticated('The token has no subject (`sub`): it must name the user');
    const role = roleFromClaims(payload);
    if (!role) {
      throw new Unauthenticated(
        'The token grants no known role: it needs claim `role` (or `roles`) with analyst or supervisor',
      );
    }
    return { id, role };
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired: sign in again for a new one';
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token signature is not valid for this server: get a token from its identity provider';
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The token claim ${error.claim} is not accepted (${error.reason}): get a token for this service`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The token is signed with an algorithm this server does not accept';
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'No key of the identity provider matches the token (kid)';
  if (error instanceof errors.JOSEError) return `The token is not valid: ${error.message}`;
  // Anything else (e.g. the JWKS endpoint is unreachable) is not the caller's fault: rethrow as is.
  throw error;
}
