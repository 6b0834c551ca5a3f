// What a backtest takes and what it answers. A backtest replays recorded `TransactionReceived`
// events through a candidate model and policy and compares the decisions it would have taken with
// the ones taken live and with what is known to be true (dispositions, chargebacks).
import type { Decision, Reason, RiskThresholds } from '#domain';
import type { Costs } from '../evaluation/metrics.js';

export interface BacktestOptions {
  /** Thresholds of the candidate policy (default: the candidate model's suggested ones). */
  readonly thresholds?: RiskThresholds;
  /** Window on the transactions' `occurredAt`: from inclusive, to exclusive (ms since epoch). */
  readonly from?: number;
  readonly to?: number;
  readonly costs?: Costs;
  /** Events per feed page (default 5,000). */
  readonly pageSize?: number;
  /** Rows per ONNX run (default 2,000). */
  readonly batchSize?: number;
  /** Reason codes kept per side of a changed decision (default 3). */
  readonly reasons?: number;
  /** Called after every page read. */
  readonly onProgress?: (progress: BacktestProgress) => void;
}

export interface BacktestProgress {
  readonly eventsRead: number;
  /** In-window transactions scored by the candidate so far. */
  readonly replayed: number;
  /** Transactions before the window folded into the feature state only. */
  readonly warmedUp: number;
  readonly elapsedMs: number;
}

/** Ground truth: chargeback or CONFIRMED_FRAUD -> fraud; FALSE_POSITIVE -> legit; INCONCLUSIVE -> unknown. */
export type Label = 'fraud' | 'legit' | 'unknown' | 'none';

export interface SideDecision {
  readonly riskScore: number;
  readonly decision: Decision;
  readonly reasons: readonly Reason[];
}

/** A transaction whose candidate decision differs from the live one. */
export interface ChangedDecision {
  readonly transactionId: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly amount: number;
  readonly currency: string;
  readonly label: Label;
  readonly live: SideDecision & { readonly modelVersion: string; readonly policyVersion: number };
  readonly candidate: SideDecision;
}

export interface ConfusionMatrix {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
}

export interface SideReport {
  /** Transactions this side decided (live: the ones with a recorded TransactionScored). */
  readonly transactions: number;
  readonly decisions: Readonly<Record<Decision, number>>;
  /** Flagged = REVIEW or BLOCK; positive = fraud; legit and unlabelled count as negative; unknown is left out. */
  readonly confusion: ConfusionMatrix;
  /** null when nothing is flagged / there is no fraud among the labels. */
  readonly precision: number | null;
  readonly recall: number | null;
  /** Alerts (REVIEW + BLOCK) per UTC day of `occurredAt`. */
  readonly alertsPerDay: Readonly<Record<string, number>>;
  /** Sum of BLOCK decisions' amounts, per currency. */
  readonly blockedAmount: Readonly<Record<string, number>>;
  /** FP · cost_FP + FN · cost_FN. */
  readonly expectedCost: number;
}

export interface BacktestReport {
  readonly model: { readonly version: string; readonly modelType: string };
  readonly thresholds: RiskThresholds;
  readonly window: { readonly from: string | null; readonly to: string | null };
  readonly costs: Costs;
  readonly eventsRead: number;
  readonly warmedUp: number;
  readonly replayed: number;
  readonly notScoredLive: number;
  readonly labels: Readonly<Record<Label, number>>;
  readonly live: SideReport;
  readonly candidate: SideReport;
  /** live decision -> candidate decision -> count, over transactions decided on both sides. */
  readonly transitions: Readonly<Record<Decision, Readonly<Record<Decision, number>>>>;
  readonly changed: readonly ChangedDecision[];
  readonly elapsedMs: number;
  readonly transactionsPerSecond: number;
}
