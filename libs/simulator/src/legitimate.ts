// How a customer pays when nobody is stealing: mostly at usual merchants, in their own country, with
// their own devices, at amounts typical for them; sometimes a trip abroad (with time to fly there), a
// new phone, a big purchase, or a few errands in a row. These keep fraud from being one field away.
import type { Channel } from '#domain';
import type { Customer, Merchant, Population } from './population.js';
import type { Random } from './random.js';
import type { ScheduledPayment } from './scenarios.js';
import { COUNTRIES, distanceKm, type PaymentMode } from './world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function legitimatePayment(
  random: Random,
  population: Population,
  customer: Customer,
  at: number,
): ScheduledPayment {
  const country = location(random, customer, at);
  const abroad = country !== customer.home;
  let merchant: Merchant;
  if (!abroad && random.chance(0.82)) {
    merchant = population.merchants[random.pick(customer.regulars)]!;
  } else if (abroad && random.chance(0.2)) {
    // Paying a usual online merchant from a hotel room.
    merchant = population.merchants[random.pick(customer.regulars)]!;
  } else {
    merchant = population.merchants[random.pick(population.merchantsByCountry.get(country.code)!)]!;
  }
  let amountUsd =
    merchant.category.medianAmount * customer.spendScale * random.logNormal(1, merchant.category.sigma);
  if (random.chance(0.006)) amountUsd *= random.between(4, 15); // the new sofa, the holiday booking
  const channel = channelFor(random, merchant.category.mode);
  return {
    customer,
    merchant,
    amountUsd,
    channel,
    device: channel === 'ecommerce' || channel === 'mobile' ? device(random, customer) : undefined,
    country,
    scenario: null,
  };
}

/** Where the customer is at `at`: at home, or on a trip that starts only if they had time to fly. */
function location(random: Random, customer: Customer, at: number) {
  if (customer.trip !== null) {
    if (at < customer.trip.until) return customer.trip.country;
    customer.trip = null;
  }
  // About one trip every two months, whatever the customer's activity.
  if (random.chance(1 / (60 * customer.dailyTransactions))) {
    const destination = random.pick(COUNTRIES);
    const flightHours = distanceKm(customer.home, destination) / 800 + 2;
    if (destination !== customer.home && at - customer.lastAt >= flightHours * HOUR) {
      customer.trip = { country: destination, until: at + random.between(2, 12) * DAY };
      return destination;
    }
  }
  return customer.home;
}

function channelFor(random: Random, mode: PaymentMode): Channel {
  switch (mode) {
    case 'physical':
      return random.chance(0.9) ? 'card_present' : 'mobile';
    case 'online':
      return random.chance(0.7) ? 'ecommerce' : 'mobile';
    case 'mixed':
      return random.chance(0.5) ? 'card_present' : 'ecommerce';
    case 'cash':
      return 'atm';
    default: {
      const unknown: never = mode;
      throw new Error(`unknown payment mode ${String(unknown)}`);
    }
  }
}

/** The customer's own device, now and then a new one (a new phone is kept from then on). */
function device(random: Random, customer: Customer): string {
  if (random.chance(0.015)) {
    const fresh = random.hex(16);
    if (random.chance(0.5)) customer.devices.push(fresh);
    return fresh;
  }
  return customer.devices.length === 1 ? customer.devices[0]! : random.pick(customer.devices);
}

/** A few more errands within the hour (legitimate velocity), mostly at usual merchants. */
export function errands(
  random: Random,
  population: Population,
  customer: Customer,
  at: number,
  schedule: (at: number, payment: ScheduledPayment) => void,
): void {
  let time = at;
  for (let i = random.int(2, 5); i > 0; i--) {
    time += random.exponential(12 * 60_000);
    schedule(time, legitimatePayment(random, population, customer, time));
  }
}
