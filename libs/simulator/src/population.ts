// The simulated population: customers (home country, spend profile, usual merchants, devices and
// hours) and merchants (category, country, risk). Built once from the seed; customers also carry
// the little mutable state the generator needs (where they are, when they last paid).
import { type Random, WeightedIndex } from './random.js';
import { CATEGORIES, COUNTRIES, type Category, type Country } from './world.js';

export interface Merchant {
  readonly index: number;
  readonly merchantId: string;
  readonly category: Category;
  readonly country: Country;
  /** 0..1: how attractive to fraudsters (category baseline plus the merchant's own controls). */
  readonly risk: number;
}

export interface Customer {
  readonly index: number;
  readonly customerId: string;
  readonly home: Country;
  /** Average transactions per day. */
  readonly dailyTransactions: number;
  /** Multiplier on category amounts: some customers spend more everywhere. */
  readonly spendScale: number;
  /** Probability of paying at each UTC hour (0..1), from the customer's local habits. */
  readonly hourProfile: Float64Array;
  readonly hourProfileMean: number;
  /** Usual merchants (indexes into the merchant list): most payments go to these. */
  readonly regulars: number[];
  readonly devices: string[];
  /** Mutable: where and when the customer last paid, and a trip abroad in progress. */
  lastAt: number;
  lastCountry: Country;
  trip: { country: Country; until: number } | null;
}

export interface Population {
  readonly customers: Customer[];
  readonly merchants: Merchant[];
  readonly merchantsByCountry: ReadonlyMap<string, number[]>;
  readonly onlineMerchants: number[];
}

export interface PopulationOptions {
  readonly customers: number;
  readonly merchants: number;
  /** Short tag from the seed so two populations never share ids. */
  readonly tag: string;
}

export function createPopulation(random: Random, options: PopulationOptions): Population {
  const countryIndex = new WeightedIndex(COUNTRIES.map((country) => country.weight));
  const categoryIndex = new WeightedIndex(CATEGORIES.map((category) => category.weight));
  const merchants: Merchant[] = [];
  const merchantsByCountry = new Map<string, number[]>(COUNTRIES.map((country) => [country.code, []]));
  const onlineMerchants: number[] = [];
  const merchantDigits = String(options.merchants).length;
  for (let index = 0; index < options.merchants; index++) {
    const category = CATEGORIES[categoryIndex.sample(random)]!;
    const country = COUNTRIES[countryIndex.sample(random)]!;
    const risk = Math.min(1, Math.max(0, category.risk * random.logNormal(1, 0.5)));
    merchants.push({
      index,
      merchantId: `mer-${options.tag}-${String(index).padStart(merchantDigits, '0')}`,
      category,
      country,
      risk,
    });
    merchantsByCountry.get(country.code)!.push(index);
    if (category.mode === 'online' || category.mode === 'mixed') onlineMerchants.push(index);
  }
  // Every country needs someone to pay: a tiny population may leave one empty.
  for (const [code, list] of merchantsByCountry) {
    if (list.length === 0) merchantsByCountry.set(code, [random.int(0, merchants.length - 1)]);
  }

  const customers: Customer[] = [];
  const customerDigits = String(options.customers).length;
  for (let index = 0; index < options.customers; index++) {
    const home = COUNTRIES[countryIndex.sample(random)]!;
    const { profile, mean } = hourProfile(random, home);
    const local = merchantsByCountry.get(home.code)!;
    const regulars: number[] = [];
    const regularCount = random.int(6, 18);
    for (let i = 0; i < regularCount; i++) regulars.push(random.pick(local));
    for (let i = random.int(1, 3); i > 0 && onlineMerchants.length > 0; i--) {
      regulars.push(random.pick(onlineMerchants));
    }
    const devices = [random.hex(16)];
    if (random.chance(0.4)) devices.push(random.hex(16));
    customers.push({
      index,
      customerId: `cus-${options.tag}-${String(index).padStart(customerDigits, '0')}`,
      home,
      dailyTransactions: Math.min(12, random.logNormal(1.6, 0.6)),
      spendScale: random.logNormal(1, 0.45),
      hourProfile: profile,
      hourProfileMean: mean,
      regulars,
      devices,
      lastAt: Number.NEGATIVE_INFINITY,
      lastCountry: home,
      trip: null,
    });
  }
  return { customers, merchants, merchantsByCountry, onlineMerchants };
}

/** A daily rhythm: a bump around the customer's peak local hour, a little activity at night. */
function hourProfile(random: Random, home: Country): { profile: Float64Array; mean: number } {
  const peak = random.between(10, 20);
  const spread = random.between(2.5, 5);
  const nightOwl = random.chance(0.08) ? 0.25 : 0.02;
  const profile = new Float64Array(24);
  let sum = 0;
  for (let utcHour = 0; utcHour < 24; utcHour++) {
    const local = (((utcHour + home.utcOffset) % 24) + 24) % 24;
    const distance = Math.min(Math.abs(local - peak), 24 - Math.abs(local - peak));
    const value = Math.max(nightOwl, Math.exp(-(distance * distance) / (2 * spread * spread)));
    profile[utcHour] = value;
    sum += value;
  }
  return { profile, mean: sum / 24 };
}
