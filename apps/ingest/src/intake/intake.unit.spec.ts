// The HTTP edge with the in-memory bus: valid input reaches the bus, bad input is named and never does.
import fc from 'fast-check';
import { decodeMessage, InMemoryTransactionBus, TOPICS, transactionMessage } from '#messaging';
import { startIngest, type IngestUnderTest } from './ingest-app.spec.js';

const valid = {
  transactionId: 'tx-1',
  customerId: 'cus-1',
  merchantId: 'mer-1',
  merchantCategory: 'grocery',
  country: 'DE',
  amount: 12.5,
  currency: 'EUR',
  occurredAt: '2025-01-31T12:00:00Z',
  channel: 'ecommerce',
  device: 'dev-1',
};

let bus: InMemoryTransactionBus;
let ingest: IngestUnderTest;
beforeAll(async () => {
  bus = new InMemoryTransactionBus();
  ingest = await startIngest(bus);
});
afterAll(() => ingest.close());
const onBus = () => bus.messages(TOPICS.transactions).length;

describe('POST /transactions', () => {
  it('accepts a valid transaction with 202 and puts it on the bus keyed by customer', async () => {
    const before = onBus();
    const response = await ingest.post('/transactions', { ...valid, transactionId: 'tx-ok' });
    expect(response).toEqual({ status: 202, body: { accepted: 1, transactionId: 'tx-ok' } });
    const message = bus.messages(TOPICS.transactions).at(-1)!;
    expect(onBus()).toBe(before + 1);
    expect(message.key).toBe('cus-1');
    expect(decodeMessage(transactionMessage, message.value)).toMatchObject({
      ok: true,
      message: { transactionId: 'tx-ok', schema: 'transaction.v1' },
    });
  });

  it('names every invalid, missing and unknown field', async () => {
    const { transactionId: _, ...withoutId } = valid;
    const response = await ingest.post('/transactions', {
      ...withoutId,
      amount: -3,
      country: 'Germany',
      currency: 'EURO',
      occurredAt: 'yesterday',
      colour: 'red',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BAD_REQUEST');
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'transactionId', problem: 'is required' },
        { field: 'amount', problem: 'must be > 0' },
        { field: 'country', problem: expect.stringContaining('ISO 3166-1 alpha-2') as unknown },
        { field: 'currency', problem: expect.stringContaining('ISO 4217') as unknown },
        { field: 'occurredAt', problem: expect.stringContaining('ISO 8601') as unknown },
        { field: 'colour', problem: 'is not a known field' },
      ]),
    );
  });

  it('answers malformed JSON with 400, a non-JSON body with 415 and an oversize body with 413', async () => {
    const before = onBus();
    const malformed = await ingest.post('/transactions', '{"transactionId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const text = await ingest.post('/transactions', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const huge = await ingest.post('/transactions', { ...valid, device: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(onBus()).toBe(before);
  });

  it('answers an unknown route in the same error format', async () => {
    const response = await ingest.post('/nowhere', {});
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('POST /transactions/batch', () => {
  it('accepts up to 1,000 transactions of ~300 KiB in one request', async () => {
    const before = onBus();
    const transactions = Array.from({ length: 1_000 }, (_, i) => ({
      ...valid,
      transactionId: `tx-b${i}`,
      customerId: `cus-${i % 50}`,
      device: 'd'.repeat(120),
    }));
    const response = await ingest.post('/transactions/batch', { transactions });
    expect(response).toEqual({ status: 202, body: { accepted: 1_000 } });
    expect(onBus()).toBe(before + 1_000);
  });

  it('refuses a batch over the limit, naming it', async () => {
    const transactions = Array.from({ length: 1_001 }, (_, i) => ({ ...valid, transactionId: `tx-o${i}` }));
    const response = await ingest.post('/transactions/batch', { transactions });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('at most 1000 transactions, got 1001');
  });

  it('refuses the whole batch when one item is invalid, naming its index and field', async () => {
    const before = onBus();
    const response = await ingest.post('/transactions/batch', {
      transactions: [valid, { ...valid, amount: 0 }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'transactions.1.amount', problem: 'must be > 0' }]);
    expect(onBus()).toBe(before);
  });
});

describe('POST /chargebacks', () => {
  it('publishes a chargeback.v1 message keyed by customer', async () => {
    const response = await ingest.post('/chargebacks', {
      transactionId: 'tx-1',
      customerId: 'cus-1',
      reportedAt: '2025-02-10T09:00:00Z',
      reason: 'card stolen',
    });
    expect(response.status).toBe(202);
    const [message] = bus.messages(TOPICS.chargebacks);
    expect(message!.key).toBe('cus-1');
    expect(JSON.parse(message!.value.toString())).toMatchObject({
      schema: 'chargeback.v1',
      transactionId: 'tx-1',
    });
  });
});

describe('bad payloads (property-based)', () => {
  const field = fc.constantFrom(...Object.keys(valid), 'unknown', 'schema', '__proto__', 'constructor');
  const junk = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.constant(null),
    fc.constant(-1),
    fc.constant('NaN'),
  );
  // A valid transaction with one field broken, removed or added, or any JSON at all.
  const badTransaction = fc.oneof(
    fc.tuple(field, junk).map(([key, value]) => ({ ...valid, [key]: value })),
    fc
      .constantFrom(...['transactionId', 'customerId', 'amount', 'country', 'currency', 'occurredAt'])
      .map((key) => {
        const copy: Record<string, unknown> = { ...valid };
        delete copy[key];
        return copy;
      }),
    fc.jsonValue(),
  );

  it('never answers 5xx and never puts a bad payload on the bus', async () => {
    const before = onBus();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        badTransaction,
        fc.constantFrom('/transactions', '/transactions/batch', '/chargebacks'),
        async (payload, path) => {
          const body =
            path === '/transactions/batch'
              ? fc.sample(
                  fc.constantFrom({ transactions: [payload] }, { transactions: payload }, payload),
                  1,
                )[0]
              : payload;
          const response = await ingest.post(path, JSON.stringify(body));
          expect(response.status).toBeLessThan(500);
          if (response.status === 202) accepted += path === '/chargebacks' ? 0 : 1;
          else expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
        },
      ),
      { numRuns: 1_500 },
    );
    // Only payloads that happened to stay valid (e.g. a valid field value drawn again) may pass.
    expect(onBus() - before).toBe(accepted);
  }, 180_000);

  it('never answers 5xx to arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        const response = await ingest.post('/transactions', text);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
  }, 180_000);
});
