import { DLQ_HEADERS, encodeMessage, TRANSACTION_SCHEMA } from '#messaging';
import { decideReplay } from './replay-decision.js';

const valid = {
  schema: TRANSACTION_SCHEMA,
  transactionId: 't-1',
  customerId: 'c-9',
  merchantId: 'm-1',
  merchantCategory: 'grocery',
  country: 'FR',
  amount: 12.5,
  currency: 'EUR',
  occurredAt: '2026-11-25T10:00:00.000Z',
};
const headers = { [DLQ_HEADERS.error]: 'amount must be > 0' };

describe('DLQ replay decision', () => {
  it('a message that is a valid transaction today is replayed with its original key', () => {
    const value = encodeMessage(valid);
    expect(decideReplay({ key: 'c-9', value, headers })).toEqual({ action: 'replay', key: 'c-9', value });
  });

  it('a replayed message without a key is keyed by its customer, like every transaction', () => {
    expect(decideReplay({ key: null, value: encodeMessage(valid), headers })).toMatchObject({
      action: 'replay',
      key: 'c-9',
    });
  });

  it('a message that is still invalid stays parked with the reason it fails today', () => {
    const decision = decideReplay({ key: 'c-9', value: encodeMessage({ ...valid, amount: -1 }), headers });
    expect(decision).toMatchObject({ action: 'park' });
    expect(decision.action === 'park' && decision.reason).toMatch(/amount/);
  });

  it('bytes that are not JSON stay parked', () => {
    expect(decideReplay({ key: null, value: Buffer.from('{oops'), headers })).toMatchObject({
      action: 'park',
      reason: expect.stringMatching(/not valid JSON/) as unknown,
    });
  });
});
