// The static world the population lives in: countries (where, which currency, which time zone) and
// merchant categories (typical amounts and how they are paid). Plausible, not exact, figures.

export interface Country {
  readonly code: string;
  readonly currency: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Hours ahead of UTC, rounded: enough for a daily rhythm. */
  readonly utcOffset: number;
  /** Share of customers and merchants based there. */
  readonly weight: number;
}

export const COUNTRIES: readonly Country[] = [
  { code: 'US', currency: 'USD', latitude: 39.8, longitude: -98.6, utcOffset: -6, weight: 20 },
  { code: 'GB', currency: 'GBP', latitude: 54.0, longitude: -2.0, utcOffset: 0, weight: 10 },
  { code: 'DE', currency: 'EUR', latitude: 51.2, longitude: 10.4, utcOffset: 1, weight: 10 },
  { code: 'FR', currency: 'EUR', latitude: 46.6, longitude: 2.2, utcOffset: 1, weight: 9 },
  { code: 'ES', currency: 'EUR', latitude: 40.4, longitude: -3.7, utcOffset: 1, weight: 6 },
  { code: 'IT', currency: 'EUR', latitude: 42.8, longitude: 12.6, utcOffset: 1, weight: 6 },
  { code: 'NL', currency: 'EUR', latitude: 52.1, longitude: 5.3, utcOffset: 1, weight: 4 },
  { code: 'PL', currency: 'PLN', latitude: 52.0, longitude: 19.1, utcOffset: 1, weight: 4 },
  { code: 'SE', currency: 'SEK', latitude: 62.0, longitude: 15.0, utcOffset: 1, weight: 2 },
  { code: 'CA', currency: 'CAD', latitude: 56.1, longitude: -106.3, utcOffset: -5, weight: 5 },
  { code: 'MX', currency: 'MXN', latitude: 23.6, longitude: -102.5, utcOffset: -6, weight: 3 },
  { code: 'BR', currency: 'BRL', latitude: -14.2, longitude: -51.9, utcOffset: -3, weight: 4 },
  { code: 'JP', currency: 'JPY', latitude: 36.2, longitude: 138.3, utcOffset: 9, weight: 4 },
  { code: 'SG', currency: 'SGD', latitude: 1.35, longitude: 103.8, utcOffset: 8, weight: 2 },
  { code: 'IN', currency: 'INR', latitude: 20.6, longitude: 79.0, utcOffset: 5, weight: 4 },
  { code: 'AU', currency: 'AUD', latitude: -25.3, longitude: 133.8, utcOffset: 10, weight: 3 },
  { code: 'ZA', currency: 'ZAR', latitude: -30.6, longitude: 22.9, utcOffset: 2, weight: 1 },
  { code: 'NG', currency: 'NGN', latitude: 9.1, longitude: 8.7, utcOffset: 1, weight: 1 },
  { code: 'RU', currency: 'RUB', latitude: 55.8, longitude: 37.6, utcOffset: 3, weight: 1 },
  { code: 'AE', currency: 'AED', latitude: 23.4, longitude: 53.8, utcOffset: 4, weight: 1 },
];

/** Great-circle distance in kilometres: what "impossible travel" is measured with. */
export function distanceKm(from: Country, to: Country): number {
  const rad = Math.PI / 180;
  const dLat = (to.latitude - from.latitude) * rad;
  const dLon = (to.longitude - from.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(from.latitude * rad) * Math.cos(to.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type PaymentMode = 'physical' | 'online' | 'mixed' | 'cash';

export interface Category {
  readonly name: string;
  /** Median amount in USD-like major units, and the spread of its logarithm. */
  readonly medianAmount: number;
  readonly sigma: number;
  readonly mode: PaymentMode;
  /** Share of merchants in this category. */
  readonly weight: number;
  /** Baseline merchant risk in this category (0..1): where fraudsters prefer to spend. */
  readonly risk: number;
}

export const CATEGORIES: readonly Category[] = [
  { name: 'grocery', medianAmount: 38, sigma: 0.7, mode: 'physical', weight: 18, risk: 0.05 },
  { name: 'restaurants', medianAmount: 27, sigma: 0.6, mode: 'physical', weight: 16, risk: 0.05 },
  { name: 'coffee_shops', medianAmount: 5, sigma: 0.4, mode: 'physical', weight: 6, risk: 0.03 },
  { name: 'fuel', medianAmount: 48, sigma: 0.4, mode: 'physical', weight: 8, risk: 0.08 },
  { name: 'pharmacy', medianAmount: 22, sigma: 0.7, mode: 'physical', weight: 5, risk: 0.04 },
  { name: 'fashion', medianAmount: 70, sigma: 0.8, mode: 'mixed', weight: 9, risk: 0.15 },
  { name: 'electronics', medianAmount: 180, sigma: 1.0, mode: 'mixed', weight: 6, risk: 0.45 },
  { name: 'jewelry', medianAmount: 320, sigma: 0.9, mode: 'mixed', weight: 2, risk: 0.5 },
  { name: 'travel', medianAmount: 260, sigma: 0.9, mode: 'online', weight: 5, risk: 0.3 },
  { name: 'digital_goods', medianAmount: 12, sigma: 0.9, mode: 'online', weight: 7, risk: 0.6 },
  { name: 'gaming', medianAmount: 20, sigma: 1.0, mode: 'online', weight: 4, risk: 0.55 },
  { name: 'utilities', medianAmount: 85, sigma: 0.5, mode: 'online', weight: 4, risk: 0.02 },
  { name: 'entertainment', medianAmount: 35, sigma: 0.7, mode: 'mixed', weight: 5, risk: 0.1 },
  { name: 'money_transfer', medianAmount: 150, sigma: 1.1, mode: 'online', weight: 2, risk: 0.7 },
  { name: 'atm', medianAmount: 100, sigma: 0.6, mode: 'cash', weight: 3, risk: 0.2 },
];

/** Rough exchange rates (major units per USD) so amounts look native in each currency. */
export const UNITS_PER_USD: Readonly<Record<string, number>> = {
  USD: 1,
  GBP: 0.79,
  EUR: 0.92,
  PLN: 4,
  SEK: 10.5,
  CAD: 1.36,
  MXN: 17,
  BRL: 5,
  JPY: 150,
  SGD: 1.34,
  INR: 83,
  AUD: 1.52,
  ZAR: 18.5,
  NGN: 1500,
  RUB: 92,
  AED: 3.67,
};
