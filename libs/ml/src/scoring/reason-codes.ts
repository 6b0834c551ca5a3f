// Reason codes: the features that pushed a score up, in words an analyst reads at a glance.
// Contribution = weight × standardised value of a linear explainer (the LR itself, or the LR
// trained beside a tree model as its proxy), so codes are cheap enough for every scored row.
import { FEATURE_INDEX as I, type FeatureName } from '../features/feature-spec.js';

export interface ReasonCode {
  readonly feature: string;
  /** Log-odds this feature added to the explainer's score (positive = towards fraud). */
  readonly contribution: number;
  readonly text: string;
}

export interface LinearExplainer {
  readonly features: readonly string[];
  readonly means: readonly number[];
  readonly stds: readonly number[];
  readonly weights: readonly number[];
}

const money = (value: number): string => value.toFixed(2);
const duration = (seconds: number): string =>
  seconds < 90
    ? `${Math.round(seconds)} s`
    : seconds < 5400
      ? `${Math.round(seconds / 60)} min`
      : seconds < 172_800
        ? `${Math.round(seconds / 3600)} h`
        : `${Math.round(seconds / 86_400)} days`;

/** The words for one feature, given the whole row (time of day needs both of its columns). */
export function describeFeature(name: string, row: ArrayLike<number>): string {
  const v = row[I[name as FeatureName]] ?? Number.NaN;
  switch (name as FeatureName) {
    case 'amount_log':
      return `large amount (${money(Math.expm1(v))})`;
    case 'hour_sin':
    case 'hour_cos': {
      const hours = ((Math.atan2(row[I.hour_sin]!, row[I.hour_cos]!) / (2 * Math.PI)) * 24 + 24) % 24;
      return `unusual time of day (${String(Math.floor(hours)).padStart(2, '0')}:00 UTC)`;
    }
    case 'category_risk':
      return 'merchant category with a high fraud rate';
    case 'country_risk':
      return 'country with a high fraud rate';
    case 'merchant_risk':
      return 'merchant with a high fraud rate';
    case 'tx_count_5m':
      return `${v} transactions in the last 5 minutes`;
    case 'tx_count_1h':
      return `${v} transactions in the last hour`;
    case 'tx_count_24h':
      return `${v} transactions in the last 24 hours`;
    case 'amount_vs_usual_log':
      return `amount ${Math.exp(v).toFixed(1)}x the customer's usual`;
    case 'first_in_country':
      return 'first transaction in this country';
    case 'first_at_merchant':
      return 'first transaction at this merchant';
    case 'first_on_device':
      return 'first transaction on this device';
    case 'seconds_since_previous_log': {
      const seconds = Math.expm1(v);
      return seconds < 3600
        ? `only ${duration(seconds)} since the previous transaction`
        : `first transaction in ${duration(seconds)}`;
    }
    case 'distinct_countries_24h':
      return `${v} countries in the last 24 hours`;
    case 'country_changed_within_1h':
      return 'different country from a transaction less than an hour earlier';
    case 'history_count_log': {
      const earlier = Math.round(Math.expm1(v));
      return earlier === 0
        ? 'new customer without history'
        : `customer has only ${earlier} earlier transactions`;
    }
    case 'amount_1h_log':
      return `${money(Math.expm1(v))} spent in the last hour`;
    case 'card_not_present':
      return 'card not present (online or mobile)';
    default:
      return `${name} = ${v}`;
  }
}

/** The `top` features that raised the score most, strongest first; none when nothing raised it. */
export function explainRow(explainer: LinearExplainer, row: ArrayLike<number>, top = 3): ReasonCode[] {
  const raised: { feature: string; contribution: number }[] = [];
  explainer.features.forEach((feature, k) => {
    const index = I[feature as FeatureName];
    const contribution = (explainer.weights[k]! * (row[index]! - explainer.means[k]!)) / explainer.stds[k]!;
    if (contribution > 0.05) raised.push({ feature, contribution });
  });
  raised.sort((a, b) => b.contribution - a.contribution);
  const codes: ReasonCode[] = [];
  for (const { feature, contribution } of raised) {
    const text = describeFeature(feature, row);
    // hour_sin and hour_cos read as one reason.
    if (codes.some((code) => code.text === text)) continue;
    codes.push({ feature, contribution, text });
    if (codes.length === top) break;
  }
  return codes;
}
