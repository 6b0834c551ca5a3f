// `npm run token -- --user alice --role analyst [--ttl 8h]`: prints a development token signed with
// JWT_SECRET (HS256), for curl, the console or the GraphQL playground.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

const { values } = parseArgs({
  options: { user: { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string', default: '8h' } },
});
const fail = (message: string): never => {
  process.stderr.write(
    `token: ${message}\nusage: npm run token -- --user alice --role analyst|supervisor [--ttl 8h]\n`,
  );
  process.exit(64);
};
const secret =
  process.env.JWT_SECRET ?? fail('JWT_SECRET is not set: export the same secret the API uses (>= 32 chars)');
if (secret.length < 32) fail('JWT_SECRET must be at least 32 characters, as the API requires');
const user = values.user ?? fail('--user is required');
const role =
  values.role === 'analyst' || values.role === 'supervisor'
    ? values.role
    : fail('--role must be analyst or supervisor');
if (!/^\d+[smhd]$/.test(values.ttl)) fail('--ttl must look like 30m, 8h or 2d');

const jwt = await new SignJWT({ role })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(user)
  .setIssuedAt()
  .setExpirationTime(values.ttl)
  .sign(new TextEncoder().encode(secret));
process.stdout.write(`${jwt}\n`);
