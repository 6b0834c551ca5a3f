// Test builders: single transactions, and a small seeded labelled history whose fraud is visible
// in the behavioural features (bursts, new countries, large amounts). Not a simulator: just enough
// signal for trainers and exporters to be tested on something they can learn.
import type { Transaction } from '#domain';

let counter = 0;

export function aTransaction(overrides: Partial<Transaction> = {}): Transaction {
  counter++;
  return {
    transactionId: `tx-${counter}`,
    customerId: 'c-1',
    merchantId: 'm-1',
    merchantCategory: 'grocery',
    country: 'FR',
    amount: 20,
    currency: 'EUR',
    occurredAt: '2025-03-01T12:00:00.000Z',
    channel: 'card_present',
    device: 'd-1',
    ...overrides,
  };
}

export const at = (base: string, plusSeconds: number): string =>
  new Date(Date.parse(base) + plusSeconds * 1000).toISOString();

/** Seeded uniform [0, 1) (mulberry32): tests stay deterministic. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LabelledHistory {
  readonly transactions: Transaction[];
  readonly isFraud: Uint8Array;
}

/** `size` transactions in time order over ~10 days; about 3 % fraud in three recognisable shapes. */
export function labelledHistory(size: number, seed = 7): LabelledHistory {
  const random = seeded(seed);
  const countries = ['FR', 'DE', 'ES', 'IT', 'NL'];
  const categories = ['grocery', 'fuel', 'restaurant', 'electronics', 'travel'];
  const customers = Math.max(10, Math.floor(size / 40));
  const transactions: Transaction[] = [];
  const fraud: number[] = [];
  let time = Date.parse('2025-03-01T00:00:00.000Z');
  while (transactions.length < size) {
    time += Math.floor(random() * 20_000);
    const customer = Math.floor(random() * customers);
    const home = countries[customer % countries.length]!;
    const roll = random();
    const base = {
      customerId: `c-${customer}`,
      merchantCategory: categories[Math.floor(random() * categories.length)]!,
      currency: 'EUR',
      device: `d-${customer}`,
      channel: 'card_present' as const,
    };
    if (roll < 0.01) {
      // Burst of small card tests at one merchant.
      for (let k = 0; k < 4 && transactions.length < size; k++) {
        transactions.push({
          ...base,
          transactionId: `t-${transactions.length}`,
          merchantId: 'm-bad',
          country: home,
          amount: 1 + random(),
          occurredAt: new Date(time + k * 20_000).toISOString(),
          channel: 'ecommerce',
        });
        fraud.push(1);
      }
      time += 80_000;
    } else if (roll < 0.02) {
      // Takeover: a large amount abroad on a new device.
      transactions.push({
        ...base,
        transactionId: `t-${transactions.length}`,
        merchantId: `m-${Math.floor(random() * 50)}`,
        country: 'BR',
        amount: 800 + 2000 * random(),
        occurredAt: new Date(time).toISOString(),
        device: `x-${transactions.length}`,
      });
      fraud.push(1);
    } else {
      const noisyFraud = random() < 0.003 ? 1 : 0;
      transactions.push({
        ...base,
        transactionId: `t-${transactions.length}`,
        merchantId: `m-${Math.floor(random() * 50)}`,
        country: random() < 0.95 ? home : countries[Math.floor(random() * 5)]!,
        amount: Math.exp(3 + random()),
        occurredAt: new Date(time).toISOString(),
      });
      fraud.push(noisyFraud);
    }
  }
  return { transactions, isFraud: Uint8Array.from(fraud) };
}
