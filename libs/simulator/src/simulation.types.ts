// What a simulation takes and gives: options (checked, with defaults), labelled transactions and
// the chargebacks filed later for part of the frauds.
import type { Transaction } from '#domain';
import type { Population } from './population.js';
import { FRAUD_SCENARIOS, type FraudScenario } from './scenarios.js';

export interface SimulationOptions {
  /** Any integer; the same seed gives the same population, transactions, labels and chargebacks. */
  readonly seed: number;
  /** Share of transactions that are fraud, 0..0.5. Default 0.01. */
  readonly fraudShare?: number;
  /** Simulated time of the start. Default 2025-01-01T00:00:00Z (fixed, so runs are reproducible). */
  readonly start?: Date | string;
  /** Population size. Defaults: 10,000 customers, 1,000 merchants (~30,000 transactions a day). */
  readonly customers?: number;
  readonly merchants?: number;
  /** Share of fraudulent transactions a customer reports, 0..1. Default 0.6. */
  readonly chargebackShare?: number;
  /** Median delay from a fraud to its chargeback, in days. Default 5 (log-normal, 1 h .. 90 days). */
  readonly chargebackDelayDays?: number;
  /** Relative weights of the scenarios; 0 turns one off. Default: all present, see SIMULATOR.md. */
  readonly scenarios?: Partial<Record<FraudScenario, number>>;
}

export interface FraudLabel {
  readonly isFraud: boolean;
  readonly scenario: FraudScenario | null;
  /** When the customer will report it (ISO 8601), or null when never: ground truth arrives late. */
  readonly chargebackAt: string | null;
}

export interface SimulatedTransaction {
  readonly transaction: Transaction;
  /** Ground truth: never sent on the bus, only to `--labels` / `--out` files and training. */
  readonly label: FraudLabel;
}

/** Same fields as the `chargeback.v1` message (without its `schema` tag). */
export interface SimulatedChargeback {
  readonly transactionId: string;
  readonly customerId: string;
  readonly reportedAt: string;
  readonly reason: string;
  readonly amount: number;
}

export interface SimulationStats {
  readonly transactions: number;
  readonly frauds: number;
  readonly chargebacks: number;
  readonly byScenario: Readonly<Record<FraudScenario, number>>;
}

export interface Simulation {
  readonly seed: number;
  readonly population: Population;
  /** The next transaction in time order (the simulation never ends). */
  next(): SimulatedTransaction;
  take(count: number): SimulatedTransaction[];
  /** Simulated time of the last transaction (ISO 8601). */
  now(): string;
  /** Chargebacks whose `reportedAt` the simulated clock has reached, each returned once, in order. */
  dueChargebacks(): SimulatedChargeback[];
  stats(): SimulationStats;
}

export const DEFAULT_SCENARIO_WEIGHTS: Readonly<Record<FraudScenario, number>> = {
  card_testing: 0.25,
  account_takeover: 0.2,
  compromised_merchant: 0.15,
  velocity_burst: 0.2,
  impossible_travel: 0.2,
};

export interface ResolvedOptions {
  readonly seed: number;
  readonly fraudShare: number;
  readonly start: number;
  readonly customers: number;
  readonly merchants: number;
  readonly chargebackShare: number;
  readonly chargebackDelayDays: number;
  readonly scenarios: Readonly<Record<FraudScenario, number>>;
}

export function resolveOptions(options: SimulationOptions): ResolvedOptions {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const fraudShare = options.fraudShare ?? 0.01;
  const customers = options.customers ?? 10_000;
  const merchants = options.merchants ?? 1_000;
  const chargebackShare = options.chargebackShare ?? 0.6;
  const chargebackDelayDays = options.chargebackDelayDays ?? 5;
  const start = new Date(options.start ?? '2025-01-01T00:00:00Z').getTime();
  const scenarios = { ...DEFAULT_SCENARIO_WEIGHTS, ...options.scenarios };
  check(Number.isSafeInteger(options.seed), `seed must be an integer, got ${options.seed}`);
  check(fraudShare >= 0 && fraudShare <= 0.5, `fraudShare must be between 0 and 0.5, got ${fraudShare}`);
  check(
    Number.isInteger(customers) && customers >= 1,
    `customers must be a whole number >= 1, got ${customers}`,
  );
  check(
    Number.isInteger(merchants) && merchants >= 1,
    `merchants must be a whole number >= 1, got ${merchants}`,
  );
  check(
    chargebackShare >= 0 && chargebackShare <= 1,
    `chargebackShare must be between 0 and 1, got ${chargebackShare}`,
  );
  check(chargebackDelayDays > 0, `chargebackDelayDays must be > 0, got ${chargebackDelayDays}`);
  check(Number.isFinite(start), `start must be a date or ISO 8601 string, got ${String(options.start)}`);
  for (const name of Object.keys(scenarios)) {
    check(
      (FRAUD_SCENARIOS as readonly string[]).includes(name),
      `unknown scenario "${name}": use one of ${FRAUD_SCENARIOS.join(', ')}`,
    );
    const weight = scenarios[name as FraudScenario];
    check(weight >= 0 && Number.isFinite(weight), `scenario weight ${name} must be >= 0, got ${weight}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid simulation options: ${problems.join('; ')}`);
  return {
    seed: options.seed,
    fraudShare,
    start,
    customers,
    merchants,
    chargebackShare,
    chargebackDelayDays,
    scenarios,
  };
}
