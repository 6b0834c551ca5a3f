import { CHANNELS } from '#domain';
import { createSimulation } from './simulation.js';
import { FRAUD_SCENARIOS } from './scenarios.js';
import { COUNTRIES, UNITS_PER_USD } from './world.js';

const COUNTRY_CODES = new Set(COUNTRIES.map((country) => country.code));
const CURRENCIES = new Set(Object.keys(UNITS_PER_USD));

describe('createSimulation', () => {
  it('gives the same transactions, labels and chargebacks for the same seed', () => {
    const first = createSimulation({ seed: 11 });
    const second = createSimulation({ seed: 11 });
    expect(first.take(5_000)).toEqual(second.take(5_000));
    expect(first.dueChargebacks()).toEqual(second.dueChargebacks());
  });

  it('gives different transactions and ids for different seeds', () => {
    const [a] = createSimulation({ seed: 1 }).take(1);
    const [b] = createSimulation({ seed: 2 }).take(1);
    expect(a!.transaction.transactionId).not.toBe(b!.transaction.transactionId);
    expect(a!.transaction.customerId).not.toBe(b!.transaction.customerId);
  });

  it('yields valid transactions in time order from the start date', () => {
    const start = '2024-06-01T00:00:00.000Z';
    const records = createSimulation({ seed: 3, start }).take(20_000);
    let previous = start;
    const ids = new Set<string>();
    for (const { transaction } of records) {
      expect(transaction.occurredAt >= previous).toBe(true);
      previous = transaction.occurredAt;
      ids.add(transaction.transactionId);
      expect(transaction.amount).toBeGreaterThan(0);
      expect(COUNTRY_CODES.has(transaction.country)).toBe(true);
      expect(CURRENCIES.has(transaction.currency)).toBe(true);
      expect(CHANNELS).toContain(transaction.channel);
      expect(new Date(transaction.occurredAt).toISOString()).toBe(transaction.occurredAt);
    }
    expect(ids.size).toBe(records.length);
  });

  it('keeps the fraud share near the one asked for, with every scenario present', () => {
    for (const fraudShare of [0.01, 0.05]) {
      const simulation = createSimulation({ seed: 5, fraudShare });
      const records = simulation.take(200_000);
      const frauds = records.filter((record) => record.label.isFraud);
      expect(frauds.length / records.length).toBeGreaterThan(fraudShare * 0.7);
      expect(frauds.length / records.length).toBeLessThan(fraudShare * 1.3);
      const scenarios = new Set(frauds.map((record) => record.label.scenario));
      expect([...scenarios].sort()).toEqual([...FRAUD_SCENARIOS].sort());
      expect(records.every((record) => record.label.isFraud === (record.label.scenario !== null))).toBe(true);
    }
  });

  it('produces no fraud when the share is zero', () => {
    const records = createSimulation({ seed: 5, fraudShare: 0 }).take(50_000);
    expect(records.some((record) => record.label.isFraud)).toBe(false);
  });

  it('files chargebacks for part of the frauds only, after them, once the clock reaches them', () => {
    const simulation = createSimulation({ seed: 8, fraudShare: 0.03, chargebackShare: 0.5 });
    const records = simulation.take(150_000);
    const byId = new Map(records.map((record) => [record.transaction.transactionId, record]));
    const due = simulation.dueChargebacks();
    expect(due.length).toBeGreaterThan(0);
    for (const chargeback of due) {
      const record = byId.get(chargeback.transactionId)!;
      expect(record.label.isFraud).toBe(true);
      expect(record.label.chargebackAt).toBe(chargeback.reportedAt);
      expect(chargeback.customerId).toBe(record.transaction.customerId);
      expect(chargeback.reportedAt > record.transaction.occurredAt).toBe(true);
      expect(chargeback.reportedAt <= simulation.now()).toBe(true);
    }
    const frauds = records.filter((record) => record.label.isFraud);
    const reported = frauds.filter((record) => record.label.chargebackAt !== null);
    expect(reported.length / frauds.length).toBeGreaterThan(0.4);
    expect(reported.length / frauds.length).toBeLessThan(0.6);
    expect(simulation.dueChargebacks()).toEqual([]);
  });

  it('refuses bad options, naming each problem', () => {
    expect(() => createSimulation({ seed: 1.5, fraudShare: 2, customers: 0 })).toThrow(
      /seed must be an integer.*fraudShare must be between 0 and 0.5.*customers must be a whole number/,
    );
    expect(() => createSimulation({ seed: 1, scenarios: { phishing: 1 } as never })).toThrow(
      /unknown scenario "phishing"/,
    );
  });
});
