import { aTransaction, at } from '../testing/transactions.spec-helpers.js';
import fc from 'fast-check';
import { computeFeatures, parseOccurredAt, replayTransactions } from './compute-features.js';
import { fitEncodings, NEUTRAL_ENCODINGS } from './encodings.js';
import { FEATURE_COUNT, FEATURE_INDEX as I } from './feature-spec.js';
import { InMemoryFeatureState } from './feature-state.js';

const T0 = '2025-03-01T12:00:00.000Z';
const row = (rows: Float32Array, r: number): Float32Array =>
  rows.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT);

describe('computeFeatures', () => {
  it('given no history, when a customer pays, then behaviour features say so and nothing is "first"', () => {
    const rows = computeFeatures(
      [aTransaction({ amount: 99 })],
      new InMemoryFeatureState(),
      NEUTRAL_ENCODINGS,
    );
    const r = row(rows, 0);
    expect(r[I.amount_log]).toBeCloseTo(Math.log(100), 5);
    expect(r[I.tx_count_24h]).toBe(0);
    expect(r[I.history_count_log]).toBe(0);
    expect(r[I.first_in_country]).toBe(0);
    expect(r[I.amount_vs_usual_log]).toBe(0);
    expect(r[I.distinct_countries_24h]).toBe(1);
  });

  it('counts earlier transactions of the same batch in the 5 min / 1 h / 24 h windows', () => {
    const batch = [
      aTransaction({ occurredAt: at(T0, 0) }),
      aTransaction({ occurredAt: at(T0, 2.5 * 3600) }),
      aTransaction({ occurredAt: at(T0, 3 * 3600) }),
      aTransaction({ occurredAt: at(T0, 3 * 3600 + 60) }),
    ];
    const rows = computeFeatures(batch, new InMemoryFeatureState(), NEUTRAL_ENCODINGS);
    const last = row(rows, 3);
    expect([last[I.tx_count_5m], last[I.tx_count_1h], last[I.tx_count_24h]]).toEqual([1, 2, 3]);
    expect(last[I.seconds_since_previous_log]).toBeCloseTo(Math.log1p(60), 5);
  });

  it('splitting a stream into batches does not change any feature (no micro-batch skew)', () => {
    const stream = Array.from({ length: 30 }, (_, k) =>
      aTransaction({
        customerId: `c-${k % 3}`,
        country: k % 7 === 0 ? 'DE' : 'FR',
        amount: 10 + k,
        occurredAt: at(T0, k * 90),
      }),
    );
    const whole = computeFeatures(stream, new InMemoryFeatureState(), NEUTRAL_ENCODINGS);
    const state = new InMemoryFeatureState();
    const parts = [stream.slice(0, 7), stream.slice(7, 8), stream.slice(8)].map((part) =>
      computeFeatures(part, state, NEUTRAL_ENCODINGS),
    );
    const joined = new Float32Array(whole.length);
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    expect(joined).toEqual(whole);
  });

  it('flags a new country, merchant and device, the amount against the usual one, and a fast country change', () => {
    const state = new InMemoryFeatureState();
    const habits = Array.from({ length: 5 }, (_, k) =>
      aTransaction({ amount: 20, occurredAt: at(T0, k * 3600) }),
    );
    computeFeatures(habits, state, NEUTRAL_ENCODINGS);
    const odd = aTransaction({
      amount: 200,
      country: 'BR',
      merchantId: 'm-new',
      device: 'd-new',
      occurredAt: at(T0, 4 * 3600 + 600),
    });
    const r = row(computeFeatures([odd], state, NEUTRAL_ENCODINGS), 0);
    expect(r[I.first_in_country]).toBe(1);
    expect(r[I.first_at_merchant]).toBe(1);
    expect(r[I.first_on_device]).toBe(1);
    expect(Math.exp(r[I.amount_vs_usual_log]!)).toBeCloseTo(10, 3);
    expect(r[I.country_changed_within_1h]).toBe(1);
    expect(r[I.distinct_countries_24h]).toBe(2);
  });

  it('forgets transactions older than 24 hours', () => {
    const state = new InMemoryFeatureState();
    computeFeatures([aTransaction({ occurredAt: at(T0, 0) })], state, NEUTRAL_ENCODINGS);
    const r = row(
      computeFeatures([aTransaction({ occurredAt: at(T0, 25 * 3600) })], state, NEUTRAL_ENCODINGS),
      0,
    );
    expect(r[I.tx_count_24h]).toBe(0);
    expect(r[I.history_count_log]).toBeCloseTo(Math.log(2), 5);
    expect(state.get('c-1')!.recentTimes).toHaveLength(1);
  });

  it('a redelivered transaction is not counted twice', () => {
    const state = new InMemoryFeatureState();
    const tx = aTransaction();
    computeFeatures([tx, tx], state, NEUTRAL_ENCODINGS);
    expect(state.get('c-1')!.count).toBe(1);
  });

  it('state rebuilt by replaying history gives the same features as the state that lived through it', () => {
    const history = Array.from({ length: 20 }, (_, k) =>
      aTransaction({
        customerId: 'c-9',
        amount: 5 + k,
        merchantId: `m-${k % 4}`,
        occurredAt: at(T0, k * 300),
      }),
    );
    const next = aTransaction({ customerId: 'c-9', amount: 400, occurredAt: at(T0, 20 * 300) });
    const lived = new InMemoryFeatureState();
    computeFeatures(history, lived, NEUTRAL_ENCODINGS);
    const rebuilt = new InMemoryFeatureState();
    replayTransactions(history, rebuilt);
    expect(computeFeatures([next], rebuilt, NEUTRAL_ENCODINGS)).toEqual(
      computeFeatures([next], lived, NEUTRAL_ENCODINGS),
    );
  });

  it('keeps at most maxCustomers customers, evicting the least recently seen', () => {
    const state = new InMemoryFeatureState(2);
    computeFeatures(
      ['a', 'b', 'a', 'c'].map((customerId) => aTransaction({ customerId })),
      state,
      NEUTRAL_ENCODINGS,
    );
    expect([
      state.get('a') !== undefined,
      state.get('b') !== undefined,
      state.get('c') !== undefined,
    ]).toEqual([true, false, true]);
  });

  it('refuses a transaction whose time is not an instant, naming it and the expected format', () => {
    expect(() =>
      computeFeatures(
        [aTransaction({ transactionId: 'bad-1', occurredAt: 'yesterday' })],
        new InMemoryFeatureState(),
        NEUTRAL_ENCODINGS,
      ),
    ).toThrow(/bad-1.*ISO 8601/);
  });
});

describe('fitEncodings', () => {
  it("shrinks a value's fraud rate towards the prior and leaves rare values out", () => {
    const txs = [
      ...Array.from({ length: 40 }, () => aTransaction({ merchantId: 'm-risky' })),
      ...Array.from({ length: 160 }, () => aTransaction({ merchantId: 'm-safe' })),
      aTransaction({ merchantId: 'm-rare' }),
    ];
    const labels = txs.map((t, k) => (t.merchantId === 'm-risky' && k < 20 ? 1 : 0));
    const enc = fitEncodings(txs, labels, { smoothing: 10, minCount: 5 });
    const rate = 20 / 201;
    expect(enc.prior).toBeCloseTo(Math.log(rate / (1 - rate)), 5);
    const risky = (20 + 10 * rate) / 50;
    expect(enc.merchant['m-risky']).toBeCloseTo(Math.log(risky / (1 - risky)), 5);
    expect(enc.merchant['m-rare']).toBeUndefined();
    const r = computeFeatures([aTransaction({ merchantId: 'm-rare' })], new InMemoryFeatureState(), enc);
    expect(r[I.merchant_risk]).toBeCloseTo(enc.prior, 5);
  });
});

describe('parseOccurredAt', () => {
  it('reads every UTC instant exactly as Date.parse does, with or without milliseconds', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2200-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.boolean(),
        (date, withMs) => {
          const iso = withMs ? date.toISOString() : date.toISOString().slice(0, 19) + 'Z';
          expect(parseOccurredAt(aTransaction({ occurredAt: iso }))).toBe(Date.parse(iso));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('falls back to Date.parse for offsets and other ISO shapes', () => {
    expect(parseOccurredAt(aTransaction({ occurredAt: '2025-03-01T13:00:00+01:00' }))).toBe(
      Date.parse('2025-03-01T12:00:00Z'),
    );
  });
});
