// Champion versus challenger on live traffic, from the comparison's one SQL aggregate (cells of
// champion version x challenger version x both decisions x label, with their count and amount). Pure:
// every figure is derived here, and precision / recall / expected cost come from the same
// confusionFigures as thresholdAnalysis. An alert is a REVIEW or BLOCK decision; labels are the
// row's (chargeback or CONFIRMED_FRAUD -> fraud, FALSE_POSITIVE -> legitimate), unlabelled rows count
// in volumes but not against labels.
import type { Decision } from '#domain';
import {
  confusionFigures,
  type Confusion,
  type ConfusionFigures,
  type UnitCosts,
} from '../../analytics/threshold-analysis.js';

export const DECISIONS: readonly Decision[] = ['APPROVE', 'REVIEW', 'BLOCK'];

export interface ComparisonCell {
  readonly championVersion: string;
  readonly challengerVersion: string;
  readonly championDecision: Decision;
  readonly challengerDecision: Decision;
  readonly label: 'fraud' | 'legit' | null;
  readonly transactions: number;
  /** Sum of the amounts, as PostgreSQL's numeric text (exact). */
  readonly amount: string;
}

export interface LabelledOutcome extends Confusion, ConfusionFigures {
  readonly labelled: number;
  readonly frauds: number;
}

export interface ModelSide {
  readonly version: string;
  readonly transactions: number;
  /** REVIEW + BLOCK. */
  readonly alerts: number;
  readonly alertRate: number;
  readonly reviewed: number;
  readonly blocked: number;
  readonly blockedAmount: number;
  readonly labels: LabelledOutcome;
}

export interface DecisionCount {
  readonly champion: Decision;
  readonly challenger: Decision;
  readonly transactions: number;
}

export interface ComparisonPair {
  readonly championVersion: string;
  readonly challengerVersion: string;
  readonly transactions: number;
  readonly champion: ModelSide;
  readonly challenger: ModelSide;
  /** Transactions both decided alike. */
  readonly agreements: number;
  readonly agreementRate: number;
  /** All nine champion x challenger decisions, zeros included, APPROVE / REVIEW / BLOCK order. */
  readonly decisions: readonly DecisionCount[];
}

const isAlert = (decision: Decision): boolean => decision !== 'APPROVE';

/** Exact money: numeric text in units of 1e-4 (the read tables' scale), summed as bigint. */
export function amountUnits(numeric: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,4})\d*)?$/.exec(numeric.trim());
  if (!match) throw new Error(`Not a numeric amount: ${JSON.stringify(numeric)}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, '0'));
  return sign === '-' ? -units : units;
}

function side(
  version: string,
  cells: readonly ComparisonCell[],
  decisionOf: (cell: ComparisonCell) => Decision,
  costs: UnitCosts,
): ModelSide {
  let [transactions, alerts, reviewed, blocked, tp, fp, fn, tn] = [0, 0, 0, 0, 0, 0, 0, 0];
  let blockedUnits = 0n;
  for (const cell of cells) {
    const decision = decisionOf(cell);
    const n = cell.transactions;
    transactions += n;
    if (isAlert(decision)) alerts += n;
    if (decision === 'REVIEW') reviewed += n;
    if (decision === 'BLOCK') {
      blocked += n;
      blockedUnits += amountUnits(cell.amount);
    }
    if (cell.label === 'fraud') {
      if (isAlert(decision)) tp += n;
      else fn += n;
    } else if (cell.label === 'legit') {
      if (isAlert(decision)) fp += n;
      else tn += n;
    }
  }
  const confusion = { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn };
  return {
    version,
    transactions,
    alerts,
    alertRate: transactions === 0 ? 0 : alerts / transactions,
    reviewed,
    blocked,
    blockedAmount: Number(blockedUnits) / 10_000,
    labels: {
      labelled: tp + fp + fn + tn,
      frauds: tp + fn,
      ...confusion,
      ...confusionFigures(confusion, costs),
    },
  };
}

/** One comparison per (champion, challenger) pair seen in the window, the busiest first. */
export function compareModels(cells: readonly ComparisonCell[], costs: UnitCosts): ComparisonPair[] {
  const pairs = new Map<string, ComparisonCell[]>();
  for (const cell of cells) {
    const key = JSON.stringify([cell.championVersion, cell.challengerVersion]);
    pairs.set(key, [...(pairs.get(key) ?? []), cell]);
  }
  const compared = [...pairs.values()].map((group): ComparisonPair => {
    const { championVersion, challengerVersion } = group[0]!;
    const count = (champion: Decision, challenger: Decision) =>
      group
        .filter((cell) => cell.championDecision === champion && cell.challengerDecision === challenger)
        .reduce((sum, cell) => sum + cell.transactions, 0);
    const decisions = DECISIONS.flatMap((champion) =>
      DECISIONS.map((challenger) => ({ champion, challenger, transactions: count(champion, challenger) })),
    );
    const transactions = group.reduce((sum, cell) => sum + cell.transactions, 0);
    const agreements = decisions
      .filter((cell) => cell.champion === cell.challenger)
      .reduce((sum, cell) => sum + cell.transactions, 0);
    return {
      championVersion,
      challengerVersion,
      transactions,
      champion: side(championVersion, group, (cell) => cell.championDecision, costs),
      challenger: side(challengerVersion, group, (cell) => cell.challengerDecision, costs),
      agreements,
      agreementRate: transactions === 0 ? 0 : agreements / transactions,
      decisions,
    };
  });
  return compared.sort(
    (a, b) =>
      b.transactions - a.transactions ||
      a.championVersion.localeCompare(b.championVersion) ||
      a.challengerVersion.localeCompare(b.challengerVersion),
  );
}
