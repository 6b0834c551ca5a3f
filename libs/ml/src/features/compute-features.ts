// The one feature pipeline: training replays time-ordered history through it, serving calls it on
// each batch. Each transaction sees the state left by every earlier one, including earlier ones in
// the same batch, and then updates it, so a feature means the same thing in both places.
import type { Transaction } from '#domain';
import type { FeatureEncodings } from './encodings.js';
import { FEATURE_COUNT, FEATURE_INDEX as I, WINDOWS } from './feature-spec.js';
import {
  emptyCustomerState,
  touchRecent,
  trimWindow,
  type CustomerState,
  type FeatureState,
} from './feature-state.js';

const TWO_PI_OVER_DAY = (2 * Math.PI) / WINDOWS.dayMs;
const EMA_ALPHA = 1 / WINDOWS.usualAmountSpan;
/** Reused between rows: the hot path allocates nothing per transaction but the state it keeps. */
const scratchCountries: string[] = [];

export function parseOccurredAt(transaction: Transaction): number {
  const time = fastIsoUtc(transaction.occurredAt) ?? Date.parse(transaction.occurredAt);
  if (Number.isNaN(time)) {
    throw new Error(
      `Transaction ${transaction.transactionId} has occurredAt "${transaction.occurredAt}", which is not an ISO 8601 instant; send e.g. "2025-01-31T12:00:00Z".`,
    );
  }
  return time;
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Epoch ms of "YYYY-MM-DDTHH:MM:SS[.fff]Z" (what ingest and the simulator send), several times
 * faster than Date.parse on the hot path; undefined for any other shape, which Date.parse handles.
 */
function fastIsoUtc(s: string): number | undefined {
  const n = s.length;
  if (
    (n !== 20 && n !== 24) ||
    s.charCodeAt(n - 1) !== 90 /* Z */ ||
    s[10] !== 'T' ||
    s[4] !== '-' ||
    s[7] !== '-' ||
    s[13] !== ':' ||
    s[16] !== ':'
  ) {
    return undefined;
  }
  if (n === 24 && s[19] !== '.') return undefined;
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  const ms = n === 24 ? digit(s, 20) * 100 + two(s, 21) : 0;
  if (!(
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    ms >= 0 &&
    ms <= 999 &&
    year >= 0
  )) {
    return undefined;
  }
  // Days from civil (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}

/**
 * Feature rows for `batch` (row-major, `batch.length × FEATURE_COUNT`), updating `state` as it goes.
 * A transaction id already in the customer's 24 h window (a redelivery) gets features but does not
 * count twice.
 */
export function computeFeatures(
  batch: readonly Transaction[],
  state: FeatureState,
  encodings: FeatureEncodings,
  out: Float32Array = new Float32Array(batch.length * FEATURE_COUNT),
): Float32Array {
  if (out.length < batch.length * FEATURE_COUNT) {
    throw new Error(`Output buffer holds ${out.length} values; ${batch.length * FEATURE_COUNT} are needed.`);
  }
  for (let r = 0; r < batch.length; r++) {
    const tx = batch[r]!;
    let customer = state.get(tx.customerId);
    const known = customer !== undefined;
    customer ??= emptyCustomerState();
    const now = parseOccurredAt(tx);
    writeRow(tx, now, customer, encodings, out, r * FEATURE_COUNT);
    if (!known || customer.recentIds.lastIndexOf(tx.transactionId) < 0) observe(tx, now, customer);
    state.set(tx.customerId, customer);
  }
  return out;
}

/** Rebuilds state from history (oldest first) without computing rows: restart recovery. */
export function replayTransactions(history: readonly Transaction[], state: FeatureState): void {
  for (const tx of history) {
    const customer = state.get(tx.customerId) ?? emptyCustomerState();
    if (customer.recentIds.lastIndexOf(tx.transactionId) < 0) observe(tx, parseOccurredAt(tx), customer);
    state.set(tx.customerId, customer);
  }
}

function writeRow(
  tx: Transaction,
  now: number,
  c: CustomerState,
  enc: FeatureEncodings,
  out: Float32Array,
  o: number,
): void {
  const hasHistory = c.count > 0;
  const dayPhase = (((now % WINDOWS.dayMs) + WINDOWS.dayMs) % WINDOWS.dayMs) * TWO_PI_OVER_DAY;

  let n5m = 0;
  let n1h = 0;
  let n24h = 0;
  let amount1h = tx.amount;
  const otherCountries = scratchCountries;
  otherCountries.length = 0;
  const times = c.recentTimes;
  for (let k = times.length - 1; k >= 0; k--) {
    const age = now - times[k]!;
    if (age < 0 || age >= WINDOWS.dayMs) continue;
    n24h++;
    const country = c.recentCountries[k]!;
    if (country !== tx.country && !otherCountries.includes(country)) otherCountries.push(country);
    if (age < WINDOWS.hourMs) {
      n1h++;
      amount1h += c.recentAmounts[k]!;
      if (age < WINDOWS.fiveMinutesMs) n5m++;
    }
  }
  const secondsSince = hasHistory
    ? Math.min(Math.max((now - c.previousTime) / 1000, 0), WINDOWS.maxSecondsSincePrevious)
    : WINDOWS.maxSecondsSincePrevious;

  out[o + I.amount_log] = Math.log1p(Math.max(tx.amount, 0));
  out[o + I.hour_sin] = Math.sin(dayPhase);
  out[o + I.hour_cos] = Math.cos(dayPhase);
  out[o + I.category_risk] = enc.category[tx.merchantCategory] ?? enc.prior;
  out[o + I.country_risk] = enc.country[tx.country] ?? enc.prior;
  out[o + I.merchant_risk] = enc.merchant[tx.merchantId] ?? enc.prior;
  out[o + I.tx_count_5m] = n5m;
  out[o + I.tx_count_1h] = n1h;
  out[o + I.tx_count_24h] = n24h;
  out[o + I.amount_vs_usual_log] = hasHistory ? logAmount(tx.amount) - c.usualAmountLog : 0;
  out[o + I.first_in_country] = hasHistory && !c.countries.includes(tx.country) ? 1 : 0;
  out[o + I.first_at_merchant] = hasHistory && !c.merchants.includes(tx.merchantId) ? 1 : 0;
  out[o + I.first_on_device] =
    hasHistory && tx.device !== undefined && !c.devices.includes(tx.device) ? 1 : 0;
  out[o + I.seconds_since_previous_log] = Math.log1p(secondsSince);
  out[o + I.distinct_countries_24h] = otherCountries.length + 1;
  out[o + I.country_changed_within_1h] =
    hasHistory && c.previousCountry !== tx.country && secondsSince < 3600 ? 1 : 0;
  out[o + I.history_count_log] = Math.log1p(c.count);
  out[o + I.amount_1h_log] = Math.log1p(Math.max(amount1h, 0));
  out[o + I.card_not_present] = tx.channel === 'ecommerce' || tx.channel === 'mobile' ? 1 : 0;
}

/** Folds one transaction into the customer's state (the `evolve` of the feature state). */
function observe(tx: Transaction, now: number, c: CustomerState): void {
  c.latestTime = Math.max(c.latestTime, now);
  c.recentTimes.push(now);
  c.recentAmounts.push(tx.amount);
  c.recentCountries.push(tx.country);
  c.recentIds.push(tx.transactionId);
  trimWindow(c, c.latestTime);
  const amountLog = logAmount(tx.amount);
  // Plain mean for the first payments, then an exponential moving average: recent habits count more.
  const alpha = Math.max(1 / (c.count + 1), EMA_ALPHA);
  c.usualAmountLog += alpha * (amountLog - c.usualAmountLog);
  c.count++;
  c.previousTime = now;
  c.previousCountry = tx.country;
  touchRecent(c.countries, tx.country, WINDOWS.maxCountries);
  touchRecent(c.merchants, tx.merchantId, WINDOWS.maxMerchants);
  if (tx.device !== undefined) touchRecent(c.devices, tx.device, WINDOWS.maxDevices);
}

/** ln(amount), floored at one cent so a zero amount stays finite. */
const logAmount = (amount: number): number => Math.log(Math.max(amount, 0.01));
