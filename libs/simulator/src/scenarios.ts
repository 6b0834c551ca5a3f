// The fraud scenarios. Each starts an episode: a few payments scheduled ahead in simulated time. None
// is given away by one field: what marks them is behaviour against the customer's own history
// (new merchants, new country and device, unusual amounts, bursts, travel faster than a plane) and
// against the merchant's. Legitimate customers also travel, change phones, buy big and pay in bursts.
import type { Channel } from '#domain';
import type { Customer, Merchant, Population } from './population.js';
import type { Random } from './random.js';
import { COUNTRIES, type Country, distanceKm } from './world.js';

export const FRAUD_SCENARIOS = [
  'card_testing',
  'account_takeover',
  'compromised_merchant',
  'velocity_burst',
  'impossible_travel',
] as const;
export type FraudScenario = (typeof FRAUD_SCENARIOS)[number];

/** A payment due at a simulated time; it becomes a `Transaction` when the clock reaches it. */
export interface ScheduledPayment {
  readonly customer: Customer;
  readonly merchant: Merchant;
  /** In USD-like units; converted to the merchant's currency when emitted. */
  readonly amountUsd: number;
  readonly channel: Channel;
  readonly device: string | undefined;
  /** Where the payer is: the merchant's country in person, the payer's location online. */
  readonly country: Country;
  readonly scenario: FraudScenario | null;
}

export interface EpisodeContext {
  readonly random: Random;
  readonly population: Population;
  /** The legitimate payment that triggered the episode: its time and its customer (the victim). */
  readonly at: number;
  readonly victim: Customer;
  readonly schedule: (at: number, payment: Omit<ScheduledPayment, 'scenario'>) => void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface ScenarioSpec {
  /** Expected number of payments per episode: sets how often episodes start for a fraud share. */
  readonly meanLength: number;
  start(context: EpisodeContext): void;
}

export const SCENARIOS: Record<FraudScenario, ScenarioSpec> = {
  // Stolen card numbers checked with tiny online payments at merchants the customer never used, from
  // a device never seen, seconds apart; often followed by one real purchase once the card works.
  card_testing: {
    meanLength: 10.5,
    start({ random, population, at, victim, schedule }) {
      const device = random.hex(16);
      let time = at + random.exponential(3 * HOUR);
      const count = random.int(4, 15);
      for (let i = 0; i < count; i++) {
        const merchant = riskiest(random, population, population.onlineMerchants, 3);
        schedule(time, fraud(victim, merchant, random.between(0.5, 3), 'ecommerce', device, victim.home));
        time += random.exponential(40_000);
      }
      if (random.chance(0.5)) {
        const merchant = riskiest(random, population, population.onlineMerchants, 4);
        const amount = merchant.category.medianAmount * random.between(2, 6);
        schedule(
          time + random.exponential(20 * MINUTE),
          fraud(victim, merchant, amount, 'ecommerce', device, victim.home),
        );
      }
    },
  },
  // Someone else logs in: a new country and a new device, a handful of large online purchases.
  account_takeover: {
    meanLength: 4,
    start({ random, population, at, victim, schedule }) {
      const device = random.hex(16);
      const country = otherCountry(random, victim.home);
      let time = at + random.exponential(6 * HOUR);
      for (let i = random.int(2, 6); i > 0; i--) {
        const merchant = riskiest(random, population, population.onlineMerchants, 4);
        const amount = merchant.category.medianAmount * victim.spendScale * random.between(3, 12);
        const channel = random.chance(0.6) ? 'ecommerce' : 'mobile';
        schedule(time, fraud(victim, merchant, amount, channel, device, country));
        time += random.exponential(25 * MINUTE);
      }
    },
  },
  // A merchant's terminal or checkout is compromised: for some hours it charges cards of many
  // customers who never shopped there, above its usual amounts and at any hour.
  compromised_merchant: {
    meanLength: 19,
    start({ random, population, at, schedule }) {
      const merchant = riskiest(random, population, population.onlineMerchants, 6);
      const begin = at + random.exponential(HOUR);
      const window = random.between(2, 12) * HOUR;
      for (let i = random.int(8, 30); i > 0; i--) {
        const victim = random.pick(population.customers);
        const amount = merchant.category.medianAmount * random.between(1.5, 4);
        const device = random.chance(0.5) ? victim.devices[0] : random.hex(16);
        schedule(
          begin + random.float() * window,
          fraud(victim, merchant, amount, 'ecommerce', device, victim.home),
        );
      }
    },
  },
  // A cloned card emptied fast: many payments in minutes in the customer's own country.
  velocity_burst: {
    meanLength: 16.5,
    start({ random, population, at, victim, schedule }) {
      const local = population.merchantsByCountry.get(victim.home.code)!;
      let time = at + random.exponential(4 * HOUR);
      for (let i = random.int(8, 25); i > 0; i--) {
        const merchant =
          population.merchants[random.chance(0.4) ? random.pick(victim.regulars) : random.pick(local)]!;
        const amount = merchant.category.medianAmount * victim.spendScale * random.logNormal(1.5, 0.5);
        schedule(
          time,
          fraud(
            victim,
            merchant,
            amount,
            merchant.category.mode === 'cash' ? 'atm' : 'card_present',
            undefined,
            merchant.country,
          ),
        );
        time += random.exponential(2 * MINUTE);
      }
    },
  },
  // A card-present payment far away minutes after the customer paid at home: faster than any plane.
  impossible_travel: {
    meanLength: 2.5,
    start({ random, population, at, victim, schedule }) {
      const country = farCountry(random, victim.home);
      const local = population.merchantsByCountry.get(country.code)!;
      let time = at + random.between(10, 150) * MINUTE;
      for (let i = random.int(1, 4); i > 0; i--) {
        const merchant = population.merchants[random.pick(local)]!;
        const amount = merchant.category.medianAmount * victim.spendScale * random.between(1, 4);
        const channel = merchant.category.mode === 'cash' ? 'atm' : 'card_present';
        schedule(time, fraud(victim, merchant, amount, channel, undefined, country));
        time += random.exponential(15 * MINUTE);
      }
    },
  },
};

function fraud(
  customer: Customer,
  merchant: Merchant,
  amountUsd: number,
  channel: Channel,
  device: string | undefined,
  country: Country,
): Omit<ScheduledPayment, 'scenario'> {
  return { customer, merchant, amountUsd, channel, device, country };
}

/** Starts one episode of `scenario`: its payments are scheduled labelled with it. */
export function startEpisode(
  scenario: FraudScenario,
  context: Omit<EpisodeContext, 'schedule'> & {
    readonly schedule: (at: number, payment: ScheduledPayment) => void;
  },
): void {
  SCENARIOS[scenario].start({
    ...context,
    schedule: (at, payment) => context.schedule(at, { ...payment, scenario }),
  });
}

/** The riskiest of `tries` merchants drawn from `candidates`: fraudsters favour weak merchants. */
function riskiest(
  random: Random,
  population: Population,
  candidates: readonly number[],
  tries: number,
): Merchant {
  let best = population.merchants[random.pick(candidates)]!;
  for (let i = 1; i < tries; i++) {
    const other = population.merchants[random.pick(candidates)]!;
    if (other.risk > best.risk) best = other;
  }
  return best;
}

function otherCountry(random: Random, home: Country): Country {
  for (;;) {
    const country = random.pick(COUNTRIES);
    if (country !== home) return country;
  }
}

/** A country at least 2,500 km away, so that reaching it in under three hours is impossible. */
function farCountry(random: Random, home: Country): Country {
  for (;;) {
    const country = random.pick(COUNTRIES);
    if (distanceKm(home, country) >= 2500) return country;
  }
}
