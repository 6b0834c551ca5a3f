// The backtest report as a text table for a terminal: both sides next to each other, alerts per
// day, then the first changed decisions (the JSON report has them all).
import type { BacktestReport, SideDecision, SideReport } from './backtest.types.js';

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (n: number | null): string => (n === null ? 'n/a' : n.toFixed(4));
const money = (amounts: Readonly<Record<string, number>>): string =>
  Object.keys(amounts).length === 0
    ? '0'
    : Object.entries(amounts)
        .map(([currency, sum]) => `${sum.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`)
        .join(', ');

function grid(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n');
}

function sideRows(live: SideReport, candidate: SideReport): string[][] {
  const both = (name: string, pick: (side: SideReport) => string): string[] => [
    name,
    pick(live),
    pick(candidate),
  ];
  return [
    ['', 'live', 'candidate'],
    both('transactions', (s) => count(s.transactions)),
    both('APPROVE', (s) => count(s.decisions.APPROVE)),
    both('REVIEW', (s) => count(s.decisions.REVIEW)),
    both('BLOCK', (s) => count(s.decisions.BLOCK)),
    both('true positives', (s) => count(s.confusion.truePositives)),
    both('false positives', (s) => count(s.confusion.falsePositives)),
    both('false negatives', (s) => count(s.confusion.falseNegatives)),
    both('true negatives', (s) => count(s.confusion.trueNegatives)),
    both('precision', (s) => ratio(s.precision)),
    both('recall', (s) => ratio(s.recall)),
    both('blocked amount', (s) => money(s.blockedAmount)),
    both('expected cost', (s) => count(s.expectedCost)),
  ];
}

const reasons = (side: SideDecision): string =>
  side.reasons.map((reason) => reason.description).join('; ') || '-';

export function formatBacktestTable(report: BacktestReport, shownChanges = 20): string {
  const { model, thresholds, window } = report;
  const lines = [
    `Backtest of model ${model.version} (${model.modelType}) at review ${thresholds.reviewThreshold} / block ${thresholds.blockThreshold}`,
    `window ${window.from ?? 'start of log'} .. ${window.to ?? 'end of log'}: ${count(report.replayed)} transactions replayed, ${count(report.warmedUp)} earlier ones warmed the features, ${count(report.eventsRead)} events read in ${(report.elapsedMs / 1000).toFixed(1)} s (${count(report.transactionsPerSecond)} tx/s)`,
    `labels: fraud ${count(report.labels.fraud)}, legit ${count(report.labels.legit)}, inconclusive ${count(report.labels.unknown)} (left out), unlabelled ${count(report.labels.none)} (counted as legit); costs FP ${report.costs.falsePositive}, FN ${report.costs.falseNegative}` +
      (report.notScoredLive > 0 ? `; ${count(report.notScoredLive)} never scored live` : ''),
    '',
    grid(sideRows(report.live, report.candidate)),
    '',
  ];
  const days = [
    ...new Set([...Object.keys(report.live.alertsPerDay), ...Object.keys(report.candidate.alertsPerDay)]),
  ].sort();
  if (days.length > 0) {
    lines.push(
      grid([
        ['alerts per day', 'live', 'candidate'],
        ...days.map((day) => [
          day,
          count(report.live.alertsPerDay[day] ?? 0),
          count(report.candidate.alertsPerDay[day] ?? 0),
        ]),
      ]),
      '',
    );
  }
  lines.push(
    `${count(report.changed.length)} decisions would change${report.changed.length > shownChanges ? ` (first ${shownChanges} shown)` : ''}`,
  );
  const shown = report.changed.slice(0, shownChanges);
  if (shown.length > 0) {
    lines.push(
      grid([
        ['transaction', 'label', 'live', 'candidate', 'live reasons | candidate reasons'],
        ...shown.map((change) => [
          change.transactionId,
          change.label,
          `${change.live.decision} ${change.live.riskScore.toFixed(4)}`,
          `${change.candidate.decision} ${change.candidate.riskScore.toFixed(4)}`,
          `${reasons(change.live)} | ${reasons(change.candidate)}`,
        ]),
      ]),
    );
  }
  return lines.join('\n');
}
