// The numbers of a backtest, from the settled ledger (pure): per side (live, candidate) the
// confusion matrix against the labels, precision / recall, alerts per day, blocked amount and
// expected cost; the live -> candidate transitions; the list of changed decisions.
import type { Decision, RiskThresholds } from '#domain';
import type { Costs } from '../evaluation/metrics.js';
import type { BacktestLedger, ReplayRecord } from './backtest-ledger.js';
import type { BacktestReport, ChangedDecision, Label, SideReport } from './backtest.types.js';

const DECISIONS: readonly Decision[] = ['APPROVE', 'REVIEW', 'BLOCK'];

class SideTally {
  transactions = 0;
  readonly decisions: Record<Decision, number> = { APPROVE: 0, REVIEW: 0, BLOCK: 0 };
  tp = 0;
  fp = 0;
  fn = 0;
  tn = 0;
  readonly alertsPerDay: Record<string, number> = {};
  readonly blockedAmount: Record<string, number> = {};

  add(record: ReplayRecord, decision: Decision, label: Label, day: string): void {
    this.transactions++;
    this.decisions[decision]++;
    const flagged = decision !== 'APPROVE';
    if (flagged) this.alertsPerDay[day] = (this.alertsPerDay[day] ?? 0) + 1;
    if (decision === 'BLOCK') {
      const { currency, amount } = record.transaction;
      this.blockedAmount[currency] = (this.blockedAmount[currency] ?? 0) + amount;
    }
    if (label === 'unknown') return;
    if (label === 'fraud') {
      if (flagged) this.tp++;
      else this.fn++;
    } else if (flagged) this.fp++;
    else this.tn++;
  }

  report(costs: Costs): SideReport {
    return {
      transactions: this.transactions,
      decisions: this.decisions,
      confusion: {
        truePositives: this.tp,
        falsePositives: this.fp,
        falseNegatives: this.fn,
        trueNegatives: this.tn,
      },
      precision: this.tp + this.fp === 0 ? null : this.tp / (this.tp + this.fp),
      recall: this.tp + this.fn === 0 ? null : this.tp / (this.tp + this.fn),
      alertsPerDay: sortedKeys(this.alertsPerDay),
      blockedAmount: Object.fromEntries(
        Object.entries(this.blockedAmount).map(([currency, sum]) => [currency, Math.round(sum * 100) / 100]),
      ),
      expectedCost: this.fp * costs.falsePositive + this.fn * costs.falseNegative,
    };
  }
}

const sortedKeys = (record: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** "YYYY-MM-DD" of a day number, formatted once per distinct day. */
function dayNames(): (day: number) => string {
  const names = new Map<number, string>();
  return (day) => {
    let name = names.get(day);
    if (name === undefined) {
      name = new Date(day * 86_400_000).toISOString().slice(0, 10);
      names.set(day, name);
    }
    return name;
  };
}

export interface ReportContext {
  readonly model: { readonly version: string; readonly modelType: string };
  readonly thresholds: RiskThresholds;
  readonly window: { readonly from: string | null; readonly to: string | null };
  readonly costs: Costs;
  readonly eventsRead: number;
  readonly warmedUp: number;
  readonly elapsedMs: number;
}

export function buildReport(ledger: BacktestLedger, context: ReportContext): BacktestReport {
  ledger.finish();
  const live = new SideTally();
  const candidate = new SideTally();
  const labels: Record<Label, number> = { fraud: 0, legit: 0, unknown: 0, none: 0 };
  const transitions = Object.fromEntries(
    DECISIONS.map((from) => [from, { APPROVE: 0, REVIEW: 0, BLOCK: 0 }]),
  ) as Record<Decision, Record<Decision, number>>;
  const changed: ChangedDecision[] = [];
  let notScoredLive = 0;
  let replayed = 0;
  const dayName = dayNames();
  for (const record of ledger.records) {
    const decision = record.candidateDecision;
    if (decision === undefined) continue;
    replayed++;
    const { transaction } = record;
    const label = ledger.labelOf(transaction.transactionId);
    labels[label]++;
    const day = dayName(record.day);
    candidate.add(record, decision, label, day);
    const liveScore = record.live;
    if (!liveScore) {
      notScoredLive++;
      continue;
    }
    live.add(record, liveScore.decision, label, day);
    transitions[liveScore.decision][decision]++;
    if (liveScore.decision === decision) continue;
    changed.push({
      transactionId: transaction.transactionId,
      customerId: transaction.customerId,
      occurredAt: transaction.occurredAt,
      amount: transaction.amount,
      currency: transaction.currency,
      label,
      live: {
        riskScore: liveScore.riskScore,
        decision: liveScore.decision,
        reasons: liveScore.reasons ?? [],
        modelVersion: liveScore.modelVersion,
        policyVersion: liveScore.policyVersion,
      },
      candidate: { riskScore: record.candidateScore, decision, reasons: record.candidateReasons ?? [] },
    });
  }
  return {
    ...context,
    replayed,
    notScoredLive,
    labels,
    live: live.report(context.costs),
    candidate: candidate.report(context.costs),
    transitions,
    changed,
    transactionsPerSecond: context.elapsedMs > 0 ? replayed / (context.elapsedMs / 1000) : 0,
  };
}
