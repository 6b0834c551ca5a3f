// What the dashboard asks for and how the answers become chart inputs and headline figures. Pure,
// so the mapping from the API's shapes is unit-tested without a browser.
import type { RatePoint } from '../charts/fraud-rate-chart.js';
import type { ScoreBin } from '../charts/score-histogram.js';
import type { RiskAggregate, RiskPolicy, TransactionRow } from '../api/operations.js';

export const WINDOWS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000, bucket: 'MINUTE' },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000, bucket: 'HOUR' },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 'HOUR' },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000, bucket: 'DAY' },
] as const;
export type WindowId = (typeof WINDOWS)[number]['id'];

export interface DashboardData {
  fraudRate: {
    bucketStart: string;
    transactions: number;
    suspected: number;
    confirmedFraud: number;
    blocked: number;
    fraudRate: number;
  }[];
  scoreDistribution: {
    lower: number;
    upper: number;
    transactions: number;
    confirmedFraud: number;
    falsePositives: number;
  }[];
  riskPolicy: RiskPolicy;
  riskyMerchants: RiskAggregate[];
  riskyCountries: RiskAggregate[];
  exposedCustomers: RiskAggregate[];
  recentActivity: {
    alertId: string;
    type: string;
    actorId: string;
    actorRole: string;
    at: string;
    version: number;
  }[];
  modelInfo: { version: string | null; trainedAt: string | null; source: string | null };
  drift: { level: string; psi: number | null; recentScores: number; since: string };
  queue: {
    edges: { node: { id: string; raisedAt: string; status: string } }[];
    pageInfo: { hasNextPage: boolean };
  };
}

export interface HighRiskData {
  transactions: { edges: { node: TransactionRow }[]; hasNextPage: boolean };
}

export function dashboardVariables(window: WindowId, now: number = Date.now()) {
  const chosen = WINDOWS.find((w) => w.id === window) ?? WINDOWS[1];
  return {
    from: new Date(now - chosen.ms).toISOString(),
    to: new Date(now + 60_000).toISOString(),
    bucket: chosen.bucket,
    bins: 20,
  };
}

export const ratePoints = (data: DashboardData): RatePoint[] =>
  data.fraudRate.map((p) => ({ at: p.bucketStart, rate: p.fraudRate, transactions: p.transactions }));

export const scoreBins = (data: DashboardData): ScoreBin[] =>
  data.scoreDistribution.map((b) => ({ from: b.lower, to: b.upper, count: b.transactions }));

export interface Headline {
  readonly queueSize: string;
  readonly oldestRaisedAt: string | null;
  readonly windowRate: number;
  readonly windowTransactions: number;
}

/** The figures across the top: queue size (100+ when more than one page), its oldest alert, the rate. */
export function headline(data: DashboardData): Headline {
  const open = data.queue.edges.map((e) => e.node);
  const oldest = open.reduce<string | null>((a, n) => (a === null || n.raisedAt < a ? n.raisedAt : a), null);
  const transactions = data.fraudRate.reduce((s, p) => s + p.transactions, 0);
  const suspected = data.fraudRate.reduce((s, p) => s + p.fraudRate * p.transactions, 0);
  return {
    queueSize: `${open.length}${data.queue.pageInfo.hasNextPage ? '+' : ''}`,
    oldestRaisedAt: oldest,
    windowRate: transactions === 0 ? 0 : suspected / transactions,
    windowTransactions: transactions,
  };
}
