// Tokens from an OIDC identity provider: the API verifies RS256 / ES256 tokens against a JWKS served
// by a real HTTP server on 127.0.0.1, with issuer and audience checks. Anything else is UNAUTHENTICATED.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startApi, token, type ApiHarness } from '../testing/api.spec-helpers.js';

const ISSUER = 'https://idp.bank.test/realms/fraud';
const AUDIENCE = 'case-management';

interface SigningKey {
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(alg: SigningKey['alg'], kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function sign(
  key: SigningKey,
  claims: { sub?: string; role?: string; roles?: string[]; iss?: string; aud?: string; kid?: string } = {},
): Promise<string> {
  const { sub = 'alice', iss = ISSUER, aud = AUDIENCE, kid = key.kid, ...rest } = claims;
  return new SignJWT(rest.role || rest.roles ? rest : { role: 'analyst' })
    .setProtectedHeader({ alg: key.alg, kid })
    .setSubject(sub)
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

describe('JWT verification against an identity provider JWKS', () => {
  let jwksServer: Server;
  let api: ApiHarness;
  let rsa: SigningKey;
  let ec: SigningKey;
  let stranger: SigningKey;
  let jwksRequests = 0;

  const me = async (jwt: string) =>
    api.gql<{ me: { id: string; role: string } }>('{ me { id role } }', {}, `Bearer ${jwt}`);

  beforeAll(async () => {
    [rsa, ec, stranger] = await Promise.all([
      signingKey('RS256', 'rsa-1'),
      signingKey('ES256', 'ec-1'),
      signingKey('RS256', 'rsa-unknown'),
    ]);
    jwksServer = createServer((request, response) => {
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    api = await startApi({
      JWT_JWKS_URL: `http://127.0.0.1:${port}/realms/fraud/protocol/openid-connect/certs`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
  });

  afterAll(async () => {
    await api?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  it('accepts RS256 and ES256 tokens signed by the provider keys, with the role from role or roles', async () => {
    expect((await me(await sign(rsa, { sub: 'alice', role: 'analyst' }))).data?.me).toEqual({
      id: 'alice',
      role: 'analyst',
    });
    expect(
      (await me(await sign(ec, { sub: 'sue', roles: ['offline_access', 'supervisor'] }))).data?.me,
    ).toEqual({
      id: 'sue',
      role: 'supervisor',
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.test/' }, /claim iss/],
    ['a wrong audience', { aud: 'another-service' }, /claim aud/],
  ])('refuses %s with UNAUTHENTICATED, naming the claim', async (_what, claims, message) => {
    const result = await me(await sign(rsa, claims));
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.data?.me ?? null).toBeNull();
  });

  it('refuses a key the provider does not publish, a forged kid and an HS256 token: UNAUTHENTICATED', async () => {
    const refusals = [
      await sign(stranger), // kid not in the JWKS
      await sign(stranger, { kid: 'rsa-1' }), // claims a published kid, signature does not verify
      await token('alice', 'analyst'), // HS256 with the development secret: not accepted with a JWKS
    ];
    for (const jwt of refusals) {
      const result = await me(jwt);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a token without a known role is UNAUTHENTICATED, saying which claim is needed', async () => {
    const result = await me(await sign(rsa, { roles: ['viewer'] }));
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(/role/);
  });
});
