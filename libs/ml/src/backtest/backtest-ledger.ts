// What the backtest remembers while it reads the log: one compact record per in-window transaction
// (the few transaction fields the report shows, candidate score, live decision) and the labels. A
// record is settled as soon as both sides are known and then leaves the lookup by id; reason codes
// are kept only for the decisions that change. What is retained per transaction is what the
// garbage collector walks again on every major collection: over 1M transactions the whole decoded
// transaction and a lookup of every id held ~700 MB of heap and made collection a quarter of the
// replay's CPU (docs/BENCHMARKS.md, "Backtest").
import {
  decideRisk,
  type Decision,
  type Disposition,
  type Reason,
  type RiskThresholds,
  type Transaction,
} from '#domain';
import type { Label } from './backtest.types.js';

export interface LiveScore {
  readonly riskScore: number;
  readonly decision: Decision;
  readonly customerBlocked: boolean;
  readonly modelVersion: string;
  readonly policyVersion: number;
  /** Kept until the record settles, then only when the decision changed. */
  reasons: readonly Reason[] | undefined;
}

/** The fields of a replayed transaction that the report shows (the rest is dropped once scored). */
export type ReplayedTransaction = Pick<
  Transaction,
  'transactionId' | 'customerId' | 'occurredAt' | 'amount' | 'currency'
>;

export interface ReplayRecord {
  readonly transaction: ReplayedTransaction;
  /** UTC day of `occurredAt`, in days since the epoch (alerts per day). */
  readonly day: number;
  candidateScore: number;
  /** Computed while the feature row was at hand, when the live decision was not known yet. */
  candidateReasons: readonly Reason[] | undefined;
  candidateDecision: Decision | undefined;
  live: LiveScore | undefined;
}

/** The candidate's reason codes for a row, asked for only when a decision changes. */
export type Explain = () => readonly Reason[];

const DAY_MS = 86_400_000;

/** A model's answer may stray a hair outside [0, 1]; scoring clamps it the same way. */
export const clampScore = (score: number): number => Math.min(Math.max(score, 0), 1);

export class BacktestLedger {
  readonly records: ReplayRecord[] = [];
  private readonly byId = new Map<string, ReplayRecord>();
  private readonly chargebacks = new Set<string>();
  /** Latest disposition per transaction (alertId = transactionId); null after a reopen. */
  private readonly dispositions = new Map<string, Disposition | null>();

  constructor(private readonly thresholds: RiskThresholds) {}

  /** `occurredAtMs`: the transaction's instant, already parsed by the caller. */
  received(transaction: Transaction, occurredAtMs: number): ReplayRecord {
    const { transactionId, customerId, occurredAt, amount, currency } = transaction;
    const record: ReplayRecord = {
      transaction: { transactionId, customerId, occurredAt, amount, currency },
      day: Math.floor(occurredAtMs / DAY_MS),
      candidateScore: Number.NaN,
      candidateReasons: undefined,
      candidateDecision: undefined,
      live: undefined,
    };
    this.records.push(record);
    this.byId.set(transaction.transactionId, record);
    return record;
  }

  /** A recorded TransactionScored; ignored for transactions outside the window. */
  scoredLive(transactionId: string, live: LiveScore): void {
    const record = this.byId.get(transactionId);
    if (!record || record.live) return;
    record.live = live;
    if (!Number.isNaN(record.candidateScore)) this.settle(record, undefined);
  }

  scoredByCandidate(record: ReplayRecord, score: number, explain: Explain): void {
    record.candidateScore = clampScore(score);
    if (record.live) this.settle(record, explain);
    else record.candidateReasons = explain(); // the row is gone by the time the live score arrives
  }

  chargeback(transactionId: string): void {
    this.chargebacks.add(transactionId);
  }

  resolved(alertId: string, disposition: Disposition): void {
    this.dispositions.set(alertId, disposition);
  }

  reopened(alertId: string): void {
    this.dispositions.set(alertId, null);
  }

  labelOf(transactionId: string): Label {
    if (this.chargebacks.has(transactionId)) return 'fraud';
    switch (this.dispositions.get(transactionId)) {
      case 'CONFIRMED_FRAUD':
        return 'fraud';
      case 'FALSE_POSITIVE':
        return 'legit';
      case 'INCONCLUSIVE':
        return 'unknown';
      case null:
      case undefined:
        return 'none';
      default:
        return 'none';
    }
  }

  /** Decides what is still open: candidate-scored transactions that were never scored live. */
  finish(): void {
    for (const record of this.records) {
      if (record.candidateDecision !== undefined || Number.isNaN(record.candidateScore)) continue;
      record.candidateDecision = decideRisk(record.candidateScore, this.thresholds, false);
    }
  }

  private settle(record: ReplayRecord, explain: Explain | undefined): void {
    const live = record.live!;
    // Both sides are known: nothing will look this transaction up by id again.
    this.byId.delete(record.transaction.transactionId);
    record.candidateDecision = decideRisk(record.candidateScore, this.thresholds, live.customerBlocked);
    if (record.candidateDecision === live.decision) {
      live.reasons = undefined;
      record.candidateReasons = undefined;
    } else if (explain) {
      record.candidateReasons = explain();
    }
  }
}
