// Generators of bad input, all from one seed (fast-check's `sample`): HTTP payloads that ingest must
// refuse, poison messages for the transactions topic, and GraphQL operations and tokens the API must
// refuse. Each generated case is wrong by construction (a field of the wrong type, a missing or
// unknown field, bytes that are not JSON...), never "maybe valid", so a 2xx is always a failure.
import fc from 'fast-check';
import { SignJWT } from 'jose';
import type { Transaction } from '#domain';

export interface HttpCase {
  readonly what: string;
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
}

const STRING_FIELDS = [
  'transactionId',
  'customerId',
  'merchantId',
  'merchantCategory',
  'country',
  'currency',
  'occurredAt',
] as const;
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const notAnAmount = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.constant(0),
  fc.double({ max: -0.0001, noNaN: true }),
  fc.constant(1e12),
  fc.constant(1.23456),
  fc.array(fc.integer(), { maxLength: 2 }),
);
const badFormat: Record<string, fc.Arbitrary<unknown>> = {
  country: fc.constantFrom('de', 'DEU', 'D', '', '12'),
  currency: fc.constantFrom('eur', 'EURO', '', '€'),
  occurredAt: fc.constantFrom('yesterday', '2025-13-45T00:00:00Z', '2025-05-01T10:00:00', ''),
  channel: fc.constantFrom('fax', 'CARD_PRESENT', '', 'pigeon'),
  merchantId: fc.constantFrom('', 'a'.repeat(129), 'has space', 'semi;colon'),
};

/** One wrong transaction object: the valid `base` with exactly one thing broken. */
function brokenTransaction(
  base: Transaction,
): fc.Arbitrary<{ what: string; value: Record<string, unknown> }> {
  const plain = { ...base } as Record<string, unknown>;
  return fc.oneof(
    fc.tuple(fc.constantFrom(...STRING_FIELDS), notAString).map(([field, value]) => ({
      what: `${field} of the wrong type`,
      value: { ...plain, [field]: value },
    })),
    notAnAmount.map((amount) => ({
      what: 'amount out of range or not a number',
      value: { ...plain, amount },
    })),
    fc.constantFrom(...Object.keys(badFormat)).chain((field) =>
      badFormat[field]!.map((value) => ({
        what: `${field} badly formatted`,
        value: { ...plain, [field]: value },
      })),
    ),
    fc.constantFrom(...STRING_FIELDS, 'amount').map((field) => {
      const { [field]: _removed, ...rest } = plain;
      return { what: `${field} missing`, value: rest };
    }),
    fc
      .stringMatching(/^[a-z]{3,12}$/)
      .map((name) => ({ what: 'unknown field', value: { ...plain, [`x_${name}`]: 1 } })),
  );
}

export function badHttpPayloads(seed: number, count: number, base: Transaction): HttpCase[] {
  const json = (path: string, what: string, value: unknown): HttpCase => ({
    what,
    path,
    body: JSON.stringify(value),
    contentType: 'application/json',
  });
  const arbitrary: fc.Arbitrary<HttpCase> = fc.oneof(
    {
      weight: 4,
      arbitrary: brokenTransaction(base).map(({ what, value }) => json('/transactions', what, value)),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(brokenTransaction(base), fc.integer({ min: 0, max: 5 }))
        .map(([{ what, value }, position]) =>
          json('/transactions/batch', `batch item: ${what}`, {
            transactions: [...Array<Transaction>(position).fill(base), value],
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({
        what: 'bytes that are not JSON',
        path: '/transactions',
        body: `{${text}`,
        contentType: 'application/json',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .map((value) =>
          json(
            '/transactions',
            'JSON that is not a transaction',
            typeof value === 'object' && value !== null && !Array.isArray(value)
              ? { ...value, amount: 'x' }
              : value,
          ),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        json('/transactions/batch', 'empty batch', { transactions: [] }),
        json('/transactions/batch', 'batch over 1,000', {
          transactions: Array<Transaction>(1_001).fill(base),
        }),
        json('/transactions/batch', 'batch not an array', { transactions: base }),
        json('/chargebacks', 'chargeback without transactionId', {
          customerId: base.customerId,
          reportedAt: base.occurredAt,
        }),
        json('/chargebacks', 'chargeback with a bad date', {
          transactionId: 't',
          customerId: 'c',
          reportedAt: 'soon',
        }),
        {
          what: 'text/plain body',
          path: '/transactions',
          body: JSON.stringify(base),
          contentType: 'text/plain',
        },
        {
          what: 'body over 1 MiB',
          path: '/transactions',
          body: JSON.stringify({ ...base, device: 'd'.repeat(1_100_000) }),
          contentType: 'application/json',
        },
        json('/transactions/../admin', 'unknown endpoint', base),
      ),
    },
  );
  return fc.sample(arbitrary, { seed, numRuns: count });
}

export interface PoisonMessage {
  readonly what: string;
  readonly value: Buffer | null;
}

/** Messages no producer following `transaction.v1` would send; scoring must dead-letter each. */
export function poisonMessages(seed: number, count: number, base: Transaction): PoisonMessage[] {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value));
  const arbitrary: fc.Arbitrary<PoisonMessage> = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
      what: 'random bytes',
      value: Buffer.concat([Buffer.from('\u0000'), Buffer.from(bytes)]),
    })),
    fc
      .string({ maxLength: 100 })
      .map((text) => ({ what: 'text that is not JSON', value: Buffer.from(`{"${text}`) })),
    brokenTransaction(base).map(({ what, value }) => ({
      what: `transaction.v1 with ${what}`,
      value: encode({ schema: 'transaction.v1', ...value }),
    })),
    fc
      .constantFrom('transaction.v0', 'transaction.v2', '', 'chargeback.v1')
      .map((schema) => ({ what: `schema "${schema}"`, value: encode({ ...base, schema }) })),
    fc.constant({ what: 'empty message', value: Buffer.alloc(0) }),
    fc.constant({ what: 'null value (tombstone)', value: null }),
  );
  return fc.sample(arbitrary, { seed, numRuns: count });
}

export async function signToken(
  secret: string,
  claims: { sub?: string; role?: string; expiresIn?: string | number },
): Promise<string> {
  let jwt = new SignJWT(claims.role === undefined ? {} : { role: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7_200);
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
  jwt = jwt.setExpirationTime(claims.expiresIn ?? '1h');
  return await jwt.sign(new TextEncoder().encode(secret));
}
