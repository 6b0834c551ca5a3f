// The versioned feature contract shared by training and serving: which columns a feature row holds,
// in which order, and what each one means. A model's metadata records FEATURE_SPEC_VERSION and the
// names; the scorer refuses a model whose contract differs, so skew is caught at load, not in prod.

/** Bump when a feature is added, removed, reordered or computed differently. */
export const FEATURE_SPEC_VERSION = 'fs-1';

export interface FeatureDefinition {
  readonly name: string;
  readonly description: string;
}

export const FEATURES = [
  { name: 'amount_log', description: 'ln(1 + amount)' },
  { name: 'hour_sin', description: 'sin(2π · UTC hour of day / 24)' },
  { name: 'hour_cos', description: 'cos(2π · UTC hour of day / 24)' },
  { name: 'category_risk', description: 'smoothed fraud log-odds of the merchant category (training table)' },
  { name: 'country_risk', description: 'smoothed fraud log-odds of the country (training table)' },
  { name: 'merchant_risk', description: 'smoothed fraud log-odds of the merchant (training table)' },
  { name: 'tx_count_5m', description: "customer's transactions in the previous 5 minutes" },
  { name: 'tx_count_1h', description: "customer's transactions in the previous hour" },
  { name: 'tx_count_24h', description: "customer's transactions in the previous 24 hours" },
  { name: 'amount_vs_usual_log', description: "ln(amount / customer's usual amount); 0 without history" },
  { name: 'first_in_country', description: '1 when a customer with history pays in a new country' },
  { name: 'first_at_merchant', description: '1 when a customer with history pays a new merchant' },
  { name: 'first_on_device', description: '1 when a customer with history uses a new device' },
  {
    name: 'seconds_since_previous_log',
    description: 'ln(1 + seconds since previous transaction), capped at 30 days',
  },
  {
    name: 'distinct_countries_24h',
    description: 'distinct countries in the last 24 hours, this one included',
  },
  {
    name: 'country_changed_within_1h',
    description: '1 when the previous transaction, under 1 h ago, was in another country',
  },
  { name: 'history_count_log', description: "ln(1 + number of the customer's earlier transactions)" },
  { name: 'amount_1h_log', description: 'ln(1 + total amount in the last hour, this one included)' },
  { name: 'card_not_present', description: '1 for ecommerce or mobile channel' },
] as const satisfies readonly FeatureDefinition[];

export type FeatureName = (typeof FEATURES)[number]['name'];

export const FEATURE_NAMES: readonly FeatureName[] = FEATURES.map((feature) => feature.name);
export const FEATURE_COUNT = FEATURES.length;

/** Column index of each feature in a row. */
export const FEATURE_INDEX = Object.fromEntries(
  FEATURE_NAMES.map((name, index) => [name, index]),
) as Readonly<Record<FeatureName, number>>;

/** The original pipeline's inputs (amount, country, merchant, category): the baseline model's columns. */
export const BASELINE_FEATURES: readonly FeatureName[] = [
  'amount_log',
  'category_risk',
  'country_risk',
  'merchant_risk',
];

/** Windows and caps that keep per-customer state bounded. Part of the spec: changing them changes values. */
export const WINDOWS = {
  fiveMinutesMs: 5 * 60_000,
  hourMs: 60 * 60_000,
  dayMs: 24 * 60 * 60_000,
  maxSecondsSincePrevious: 30 * 24 * 3600,
  /** Transactions kept in the 24 h window; a burst above this saturates the counts. */
  maxRecent: 512,
  maxCountries: 32,
  maxMerchants: 64,
  maxDevices: 16,
  /** The usual amount is an exponential moving average of ln(amount) over about this many payments. */
  usualAmountSpan: 50,
} as const;
