// Turns a bearer token into the Person who acts: HS256 with JWT_SECRET (development, the demo) or an
// OIDC issuer's keys (JWT_JWKS_URL; RS256 / ES256) so a bank plugs in its own identity provider.
// The role comes from the `role` claim, or the first of `roles` that we know (supervisor wins).
// The HS256 key is imported once; a verified token is remembered until it expires (see
// verified-token-cache.ts), so a console sending the same token with every request is checked once.
import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Person, Role } from '#domain';
import { VerifiedTokenCache } from './verified-token-cache.js';

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
  private readonly key: Promise<CryptoKey> | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly verified = new VerifiedTokenCache();

  constructor(private readonly settings: TokenSettings) {
    if (settings.JWT_JWKS_URL) {
      this.key = createRemoteJWKSet(new URL(settings.JWT_JWKS_URL));
      this.algorithms = ['RS256', 'ES256'];
    } else if (settings.JWT_SECRET) {
      // Given raw bytes, jose imports the key again on every verification.
      this.key = webcrypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(settings.JWT_SECRET),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
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
    const known = this.verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      const key = typeof this.key === 'function' ? this.key : await this.key;
      ({ payload } = await jwtVerify(token, key as CryptoKey, {
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
    const person: Person = { id, role };
    this.verified.remember(token, person, payload.exp);
    return person;
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
