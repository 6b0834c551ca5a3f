// Fraud must be learnable from behaviour (a customer's and a merchant's history), not from one field:
// each scenario leaves its behavioural mark, and legitimate traffic shares every single-field value.
import type { Transaction } from '#domain';
import { createSimulation } from './simulation.js';
import type { FraudScenario } from './scenarios.js';
import type { SimulatedTransaction } from './simulation.types.js';
import { COUNTRIES, distanceKm } from './world.js';

const simulation = createSimulation({ seed: 21, fraudShare: 0.03 });
const records = simulation.take(300_000);
const customers = new Map(simulation.population.customers.map((customer) => [customer.customerId, customer]));
const countries = new Map(COUNTRIES.map((country) => [country.code, country]));
const history = new Map<string, Transaction[]>();
const before = new Map<SimulatedTransaction, Transaction[]>();
for (const record of records) {
  const past = history.get(record.transaction.customerId) ?? [];
  before.set(record, past.slice(-30));
  past.push(record.transaction);
  history.set(record.transaction.customerId, past);
}
const of = (scenario: FraudScenario | null) => records.filter((record) => record.label.scenario === scenario);
const share = (items: SimulatedTransaction[], test: (record: SimulatedTransaction) => boolean) =>
  items.filter(test).length / items.length;
const usd = (transaction: Transaction) =>
  transaction.amount / ({ JPY: 150, INR: 83, NGN: 1500, RUB: 92 }[transaction.currency] ?? 1);

describe('fraud scenarios', () => {
  it('card testing is a burst of tiny payments from a device the customer never used', () => {
    const tests = of('card_testing').filter((record) => usd(record.transaction) < 4);
    expect(tests.length).toBeGreaterThan(100);
    const customer = (record: SimulatedTransaction) => customers.get(record.transaction.customerId)!;
    expect(share(tests, (record) => !customer(record).devices.includes(record.transaction.device!))).toBe(1);
    const burst = (record: SimulatedTransaction) =>
      before
        .get(record)!
        .filter((past) => Date.parse(record.transaction.occurredAt) - Date.parse(past.occurredAt) < 600_000)
        .length >= 1;
    expect(share(tests, burst)).toBeGreaterThan(0.7);
  });

  it('account takeover pays from another country and a new device', () => {
    const takeovers = of('account_takeover');
    expect(takeovers.length).toBeGreaterThan(50);
    for (const { transaction } of takeovers) {
      const customer = customers.get(transaction.customerId)!;
      expect(transaction.country).not.toBe(customer.home.code);
      expect(customer.devices).not.toContain(transaction.device);
    }
  });

  it('impossible travel is faster than a plane from the previous payment', () => {
    const travel = of('impossible_travel');
    expect(travel.length).toBeGreaterThan(50);
    const speeds = travel
      .map((record) => {
        const previous = before.get(record)!.at(-1);
        if (previous === undefined || previous.country === record.transaction.country) return undefined;
        const km = distanceKm(countries.get(previous.country)!, countries.get(record.transaction.country)!);
        const hours =
          (Date.parse(record.transaction.occurredAt) - Date.parse(previous.occurredAt)) / 3_600_000;
        return km / Math.max(hours, 1e-6);
      })
      .filter((speed): speed is number => speed !== undefined);
    // The first payment of each episode jumps country; the next ones stay where the fraudster is.
    expect(speeds.length).toBeGreaterThan(travel.length * 0.3);
    expect(speeds.filter((speed) => speed > 1_000).length / speeds.length).toBeGreaterThan(0.9);
  });

  it('velocity bursts put many payments in the hour before', () => {
    const bursts = of('velocity_burst');
    const lastHour = (record: SimulatedTransaction) =>
      before
        .get(record)!
        .filter((past) => Date.parse(record.transaction.occurredAt) - Date.parse(past.occurredAt) < 3_600_000)
        .length;
    expect(share(bursts, (record) => lastHour(record) >= 3)).toBeGreaterThan(0.6);
    expect(share(of(null), (record) => lastHour(record) >= 3)).toBeLessThan(0.05);
  });

  it('a compromised merchant charges many customers new to it', () => {
    const charges = of('compromised_merchant');
    const merchants = new Map<string, number>();
    for (const { transaction } of charges)
      merchants.set(transaction.merchantId, (merchants.get(transaction.merchantId) ?? 0) + 1);
    expect(Math.max(...merchants.values())).toBeGreaterThanOrEqual(8);
    const regular = (record: SimulatedTransaction) => {
      const customer = customers.get(record.transaction.customerId)!;
      return customer.regulars.some(
        (index) => simulation.population.merchants[index]!.merchantId === record.transaction.merchantId,
      );
    };
    expect(share(charges, regular)).toBeLessThan(0.05);
  });

  it('legitimate traffic also goes abroad, uses new devices, pays tiny and large amounts', () => {
    const legit = of(null);
    expect(
      share(legit, (r) => r.transaction.country !== customers.get(r.transaction.customerId)!.home.code),
    ).toBeGreaterThan(0.01);
    const online = legit.filter((r) => r.transaction.device !== undefined);
    expect(
      online.filter((r) => !before.get(r)!.some((past) => past.device === r.transaction.device)).length,
    ).toBeGreaterThan(1_000);
    expect(legit.filter((r) => usd(r.transaction) < 3).length).toBeGreaterThan(1_000);
    expect(legit.filter((r) => usd(r.transaction) > 1_000).length).toBeGreaterThan(100);
    expect(legit.some((r) => r.transaction.country === 'RU')).toBe(true);
  });
});
