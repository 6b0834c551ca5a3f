// The simulation: a seeded population paying over simulated time, with fraud episodes mixed in and
// chargebacks filed for part of the frauds days later. Pure and deterministic: no I/O, no clock,
// no Math.random; the same options give the same transactions, labels and chargebacks.
import type { Transaction } from '#domain';
import { EventQueue } from './event-queue.js';
import { errands, legitimatePayment } from './legitimate.js';
import { createPopulation, type Population } from './population.js';
import { Random, WeightedIndex } from './random.js';
import {
  FRAUD_SCENARIOS,
  type FraudScenario,
  SCENARIOS,
  type ScheduledPayment,
  startEpisode,
} from './scenarios.js';
import { UNITS_PER_USD } from './world.js';
import {
  type FraudLabel,
  resolveOptions,
  type SimulatedChargeback,
  type SimulatedTransaction,
  type Simulation,
  type SimulationOptions,
  type SimulationStats,
} from './simulation.types.js';

const HOUR = 3_600_000;

export function createSimulation(options: SimulationOptions): Simulation {
  const settings = resolveOptions(options);
  const random = new Random(settings.seed);
  const tag = (settings.seed >>> 0).toString(36);
  const population: Population = createPopulation(random, {
    customers: settings.customers,
    merchants: settings.merchants,
    tag,
  });

  // Thinning: candidate arrivals at a constant rate, each kept with the customer's hourly
  // probability; weights divide by the profile's mean so each customer keeps its daily average.
  const customerIndex = new WeightedIndex(
    population.customers.map((customer) => customer.dailyTransactions / customer.hourProfileMean),
  );
  const meanGapMs = (24 * HOUR) / customerIndex.total;

  const scenarioNames = FRAUD_SCENARIOS.filter((name) => settings.scenarios[name] > 0);
  const scenarioIndex = new WeightedIndex(scenarioNames.map((name) => settings.scenarios[name]));
  const meanEpisodeLength =
    scenarioNames.reduce((sum, name) => sum + settings.scenarios[name] * SCENARIOS[name].meanLength, 0) /
    Math.max(scenarioIndex.total, Number.MIN_VALUE);
  // One episode per this many legitimate payments gives the requested share of fraud.
  const episodeChance =
    scenarioNames.length === 0 || settings.fraudShare <= 0
      ? 0
      : settings.fraudShare / (1 - settings.fraudShare) / meanEpisodeLength;

  const scheduled = new EventQueue<ScheduledPayment>();
  const chargebacks = new EventQueue<SimulatedChargeback>();
  const schedule = (at: number, payment: ScheduledPayment) => scheduled.push(at, payment);
  let nextArrival = settings.start + random.exponential(meanGapMs);
  let clock = settings.start;
  let sequence = 0;
  const stats = {
    transactions: 0,
    frauds: 0,
    chargebacks: 0,
    byScenario: Object.fromEntries(FRAUD_SCENARIOS.map((name) => [name, 0])) as Record<FraudScenario, number>,
  };

  /** The next legitimate arrival, or null when the candidate was thinned away. */
  function arrive(): { at: number; payment: ScheduledPayment } | null {
    const at = nextArrival;
    nextArrival += random.exponential(meanGapMs);
    const customer = population.customers[customerIndex.sample(random)]!;
    if (!random.chance(customer.hourProfile[Math.floor(at / HOUR) % 24]!)) return null;
    const payment = legitimatePayment(random, population, customer, at);
    if (random.chance(0.015)) errands(random, population, customer, at, schedule);
    if (episodeChance > 0 && random.chance(episodeChance)) {
      startEpisode(scenarioNames[scenarioIndex.sample(random)]!, {
        random,
        population,
        at,
        victim: customer,
        schedule,
      });
    }
    return { at, payment };
  }

  function emit(at: number, payment: ScheduledPayment): SimulatedTransaction {
    const { customer, merchant, scenario } = payment;
    const rounded = Math.floor(at);
    const currency = merchant.country.currency;
    const amount = toCurrency(payment.amountUsd, currency);
    const transaction: Transaction = {
      transactionId: `tx-${tag}-${(sequence++).toString(36).padStart(7, '0')}`,
      customerId: customer.customerId,
      merchantId: merchant.merchantId,
      merchantCategory: merchant.category.name,
      country: payment.country.code,
      amount,
      currency,
      occurredAt: new Date(rounded).toISOString(),
      channel: payment.channel,
      ...(payment.device === undefined ? {} : { device: payment.device }),
    };
    customer.lastAt = rounded;
    customer.lastCountry = payment.country;
    clock = rounded;
    stats.transactions++;
    let chargebackAt: string | null = null;
    if (scenario !== null) {
      stats.frauds++;
      stats.byScenario[scenario]++;
      if (random.chance(settings.chargebackShare)) {
        const delay = Math.min(
          90 * 24 * HOUR,
          Math.max(HOUR, random.logNormal(settings.chargebackDelayDays * 24 * HOUR, 0.6)),
        );
        const reportedAt = new Date(rounded + Math.floor(delay)).toISOString();
        chargebackAt = reportedAt;
        chargebacks.push(rounded + delay, {
          transactionId: transaction.transactionId,
          customerId: transaction.customerId,
          reportedAt,
          reason: 'fraud',
          amount,
        });
      }
    }
    const label: FraudLabel = { isFraud: scenario !== null, scenario, chargebackAt };
    return { transaction, label };
  }

  function next(): SimulatedTransaction {
    for (;;) {
      if (scheduled.peekAt() <= nextArrival) {
        const due = scheduled.pop()!;
        return emit(due.at, due.item);
      }
      const arrival = arrive();
      if (arrival !== null) {
        // Anything scheduled before this arrival (its errands come later) goes first.
        if (scheduled.peekAt() < arrival.at) {
          schedule(arrival.at, arrival.payment);
          continue;
        }
        return emit(arrival.at, arrival.payment);
      }
    }
  }

  return {
    seed: settings.seed,
    population,
    next,
    take(count: number): SimulatedTransaction[] {
      const out = new Array<SimulatedTransaction>(count);
      for (let i = 0; i < count; i++) out[i] = next();
      return out;
    },
    now: () => new Date(clock).toISOString(),
    dueChargebacks(): SimulatedChargeback[] {
      const due: SimulatedChargeback[] = [];
      while (chargebacks.peekAt() <= clock) due.push(chargebacks.pop()!.item);
      stats.chargebacks += due.length;
      return due;
    },
    stats: (): SimulationStats => ({ ...stats, byScenario: { ...stats.byScenario } }),
  };
}

const WHOLE_UNITS = new Set(['JPY']);

function toCurrency(amountUsd: number, currency: string): number {
  const native = amountUsd * (UNITS_PER_USD[currency] ?? 1);
  if (WHOLE_UNITS.has(currency)) return Math.max(1, Math.round(native));
  return Math.max(0.01, Math.round(native * 100) / 100);
}
