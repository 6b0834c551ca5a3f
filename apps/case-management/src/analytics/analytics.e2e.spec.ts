// Tuning and dashboard queries through the running API over read tables the real projections service
// filled from a fixed, labelled fixture: analysts' dispositions and chargebacks become the `labels`
// table, and thresholdAnalysis must equal the confusion matrices computed by hand below.
import { waitFor } from '#testing';
import { startApi, token, type ApiHarness } from '../testing/api.spec-helpers.js';
import { startProjections, type ProjectionsProcess } from '../testing/projections-process.spec-helpers.js';
import {
  raiseAlert,
  recordScoredTransaction,
  reportChargeback,
} from '../testing/scoring-stand-in.spec-helpers.js';

type Outcome =
  | 'CONFIRMED_FRAUD'
  | 'FALSE_POSITIVE'
  | 'INCONCLUSIVE'
  | 'CHARGEBACK_AFTER_FALSE_POSITIVE'
  | 'CHARGEBACK'
  | 'NONE';

// Twelve transactions. Ground truth: frauds 0.95, 0.85, 0.6, 0.3; legitimate 0.9, 0.7, 0.55, 0.4, 0.2,
// 0.1. The 0.85 one was cleared by an analyst and later charged back (the chargeback wins); the 0.3 one
// was approved and charged back; 0.8 was resolved INCONCLUSIVE and 0.05 approved: neither is a label.
const FIXTURE: { score: number; outcome: Outcome; merchant: string; country: string; customer: string }[] = [
  { score: 0.95, outcome: 'CONFIRMED_FRAUD', merchant: 'm-bad', country: 'NG', customer: 'c-a' },
  {
    score: 0.85,
    outcome: 'CHARGEBACK_AFTER_FALSE_POSITIVE',
    merchant: 'm-bad',
    country: 'NG',
    customer: 'c-a',
  },
  { score: 0.6, outcome: 'CONFIRMED_FRAUD', merchant: 'm-bad', country: 'FR', customer: 'c-b' },
  { score: 0.3, outcome: 'CHARGEBACK', merchant: 'm-ok', country: 'FR', customer: 'c-b' },
  { score: 0.9, outcome: 'FALSE_POSITIVE', merchant: 'm-ok', country: 'FR', customer: 'c-c' },
  { score: 0.7, outcome: 'FALSE_POSITIVE', merchant: 'm-ok', country: 'FR', customer: 'c-c' },
  { score: 0.55, outcome: 'FALSE_POSITIVE', merchant: 'm-ok', country: 'FR', customer: 'c-c' },
  { score: 0.4, outcome: 'FALSE_POSITIVE', merchant: 'm-ok', country: 'FR', customer: 'c-c' },
  { score: 0.2, outcome: 'FALSE_POSITIVE', merchant: 'm-ok', country: 'DE', customer: 'c-c' },
  { score: 0.1, outcome: 'FALSE_POSITIVE', merchant: 'm-ok', country: 'DE', customer: 'c-c' },
  { score: 0.8, outcome: 'INCONCLUSIVE', merchant: 'm-ok', country: 'DE', customer: 'c-d' },
  { score: 0.05, outcome: 'NONE', merchant: 'm-ok', country: 'DE', customer: 'c-d' },
];

// Hand-computed: [threshold, TP, FP, FN, TN]. TP = frauds scored >= t, FP = legitimate scored >= t.
const CONFUSION: [number, number, number, number, number][] = [
  [0, 4, 6, 0, 0],
  [0.05, 4, 6, 0, 0],
  [0.1, 4, 6, 0, 0],
  [0.15, 4, 5, 0, 1],
  [0.2, 4, 5, 0, 1],
  [0.25, 4, 4, 0, 2],
  [0.3, 4, 4, 0, 2],
  [0.35, 3, 4, 1, 2],
  [0.4, 3, 4, 1, 2],
  [0.45, 3, 3, 1, 3],
  [0.5, 3, 3, 1, 3],
  [0.55, 3, 3, 1, 3],
  [0.6, 3, 2, 1, 4],
  [0.65, 2, 2, 2, 4],
  [0.7, 2, 2, 2, 4],
  [0.75, 2, 1, 2, 5],
  [0.8, 2, 1, 2, 5],
  [0.85, 2, 1, 2, 5],
  [0.9, 1, 1, 3, 5],
  [0.95, 1, 0, 3, 6],
  [1, 0, 0, 4, 6],
];

interface Point {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number | null;
  recall: number | null;
  alertVolume: number;
  expectedCost: number;
}

interface TransactionPage {
  edges: { node: { riskScore: number } }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

interface Dashboard {
  fraudRate: {
    transactions: number;
    suspected: number;
    blocked: number;
    confirmedFraud: number;
    fraudRate: number;
  }[];
  scoreDistribution: {
    lower: number;
    upper: number;
    transactions: number;
    confirmedFraud: number;
    falsePositives: number;
  }[];
  riskyMerchants: { id: string; fraudRate: number }[];
  riskyCountries: { id: string; transactions: number; confirmedFraud: number }[];
  exposedCustomers: { id: string; exposure: number }[];
  transactions: { edges: { node: { riskScore: number; status: string; chargeback: boolean } }[] };
  drift: { psi: number | null; level: string; recentScores: number };
}

describe('tuning and dashboard queries over the projected read tables', () => {
  let api: ApiHarness;
  let projections: ProjectionsProcess;
  let alice: string;
  const startedAt = new Date(Date.now() - 60_000);

  beforeAll(async () => {
    api = await startApi();
    projections = await startProjections(api.database.url);
    alice = `Bearer ${await token('alice', 'analyst')}`;
    const mutate = async (query: string, id: string) => {
      const result = await api.gql(query, { id }, alice);
      expect(result.errors).toBeUndefined();
    };
    for (const [n, row] of FIXTURE.entries()) {
      const fixture = {
        riskScore: row.score,
        merchantId: row.merchant,
        country: row.country,
        customerId: row.customer,
        amount: 100 * (n + 1),
        at: new Date(Date.now() - (FIXTURE.length - n) * 1000).toISOString(),
      };
      const alerted = row.outcome !== 'CHARGEBACK' && row.outcome !== 'NONE';
      const id = alerted
        ? await raiseAlert(api.store, fixture)
        : await recordScoredTransaction(api.store, fixture, { reviewThreshold: 0.5 });
      if (alerted) {
        const disposition =
          row.outcome === 'CHARGEBACK_AFTER_FALSE_POSITIVE' ? 'FALSE_POSITIVE' : row.outcome;
        await mutate('mutation($id: ID!) { claimAlert(id: $id) { version } }', id);
        await mutate(
          `mutation($id: ID!) { resolveAlert(id: $id, disposition: ${disposition}, note: "reviewed") { version } }`,
          id,
        );
      }
      if (row.outcome.startsWith('CHARGEBACK')) await reportChargeback(api.store, id);
    }
  });

  afterAll(async () => {
    await projections?.stop();
    await api?.close();
  });

  it('thresholdAnalysis on the labels table equals the hand-computed confusion matrix at every threshold', async () => {
    const analysis = await waitFor(
      async () => {
        const result = await api.gql<{
          thresholdAnalysis: { labelled: number; frauds: number; cheapestThreshold: number; points: Point[] };
        }>(
          `{ thresholdAnalysis(falsePositiveCost: 5, falseNegativeCost: 100) { labelled frauds cheapestThreshold
              points { threshold truePositives falsePositives falseNegatives trueNegatives precision recall alertVolume expectedCost } } }`,
          {},
          alice,
        );
        expect(result.errors).toBeUndefined();
        const value = result.data!.thresholdAnalysis;
        return value.labelled === 10 && value.frauds === 4 ? value : undefined;
      },
      { timeoutMs: 30_000, what: '10 labels (4 frauds) in the labels table' },
    );
    expect(
      analysis.points.map((p) => [
        p.threshold,
        p.truePositives,
        p.falsePositives,
        p.falseNegatives,
        p.trueNegatives,
      ]),
    ).toEqual(CONFUSION);
    const at = (threshold: number) => analysis.points.find((point) => point.threshold === threshold);
    // t = 0.5: alerts 0.95 0.85 0.6 (fraud) 0.9 0.7 0.55 (legit); the 0.3 fraud is missed.
    expect(at(0.5)).toMatchObject({
      precision: 0.5,
      recall: 0.75,
      alertVolume: 6,
      expectedCost: 3 * 5 + 1 * 100,
    });
    expect(at(0.8)?.precision).toBeCloseTo(2 / 3, 12);
    expect(at(0.8)).toMatchObject({ recall: 0.5, alertVolume: 3, expectedCost: 1 * 5 + 2 * 100 });
    expect(at(1)).toMatchObject({ precision: null, recall: 0, alertVolume: 0, expectedCost: 400 });
    // Cheapest: 4 FP * 5 = 20 at 0.25 and 0.30 (no fraud missed); the lowest such threshold is reported.
    expect(analysis.cheapestThreshold).toBe(0.25);
  });

  it('dashboards count what the fixture holds', async () => {
    const from = new Date(startedAt.getTime() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const dashboard = await waitFor(
      async () => {
        const result = await api.gql<Record<string, unknown>>(
          `query($from: String!, $to: String!) {
            fraudRate(from: $from, to: $to, bucket: "DAY") { bucketStart transactions suspected blocked confirmedFraud fraudRate }
            scoreDistribution(bins: 20) { lower upper transactions confirmedFraud falsePositives }
            riskyMerchants(limit: 5) { id transactions suspected blocked chargebacks confirmedFraud exposure fraudRate }
            riskyCountries(limit: 5) { id transactions suspected blocked chargebacks confirmedFraud }
            exposedCustomers(limit: 5) { id transactions exposure }
            transactions(first: 100) { edges { node { id status riskScore decision chargeback } } }
            drift { psi level recentScores }
          }`,
          { from, to },
          alice,
        );
        expect(result.errors).toBeUndefined();
        const points = result.data!.fraudRate as { transactions: number }[];
        return points.reduce((sum, point) => sum + point.transactions, 0) === 12 ? result.data : undefined;
      },
      { timeoutMs: 30_000, what: 'fraud_stats_minute to count the 12 transactions' },
    );
    const data = dashboard as unknown as Dashboard;

    // 12 transactions, 10 alerts, 2 blocked by scoring (0.95, 0.9), 4 frauds by label.
    expect(data.fraudRate).toHaveLength(1);
    expect(data.fraudRate[0]).toMatchObject({
      transactions: 12,
      suspected: 10,
      blocked: 2,
      confirmedFraud: 4,
    });
    expect(data.fraudRate[0]?.fraudRate).toBeCloseTo(10 / 12, 12);

    // Every one of the 20 bins, empty ones included; each fixture score in bin floor(score * 20).
    expect(data.scoreDistribution).toHaveLength(20);
    expect(data.scoreDistribution[3]).toEqual({
      lower: 0.15,
      upper: 0.2,
      transactions: 0,
      confirmedFraud: 0,
      falsePositives: 0,
    });
    const filled = (key: 'transactions' | 'confirmedFraud' | 'falsePositives') =>
      data.scoreDistribution.flatMap((bin, index) => (bin[key] > 0 ? [index] : []));
    expect(filled('transactions')).toEqual([1, 2, 4, 6, 8, 11, 12, 14, 16, 17, 18, 19]);
    expect(filled('confirmedFraud')).toEqual([6, 12, 17, 19]); // 0.3, 0.6, 0.85, 0.95
    expect(filled('falsePositives')).toEqual([2, 4, 8, 11, 14, 18]); // 0.1 0.2 0.4 0.55 0.7 0.9

    // m-bad: all three of its transactions are frauds (one charged back, one blocked) and ranks first.
    expect(data.riskyMerchants.map((merchant) => merchant.id)).toEqual(['m-bad', 'm-ok']);
    expect(data.riskyMerchants[0]).toMatchObject({
      transactions: 3,
      suspected: 3,
      blocked: 1,
      chargebacks: 1,
      confirmedFraud: 3,
      fraudRate: 1,
    });
    expect(
      data.riskyCountries.map((country) => [country.id, country.transactions, country.confirmedFraud]),
    ).toEqual([
      ['FR', 6, 2],
      ['NG', 2, 2],
      ['DE', 4, 0],
    ]);
    // Exposure: customers by the amount of their suspicious or charged-back payments that went
    // through (not blocked): c-c 600..1000 (its 500 was blocked), c-d 1100, c-b 300 + 400, c-a 200.
    expect(data.exposedCustomers.map((customer) => [customer.id, customer.exposure])).toEqual([
      ['c-c', 4000],
      ['c-d', 1100],
      ['c-b', 700],
      ['c-a', 200],
    ]);

    // transactions: newest first, with the scoring decision, status and chargeback flag.
    const listed = data.transactions.edges.map((edge) => edge.node);
    expect(listed.map((transaction) => transaction.riskScore)).toEqual(
      FIXTURE.map((row) => row.score).reverse(),
    );
    expect(listed.filter((transaction) => transaction.status === 'BLOCKED').map((t) => t.riskScore)).toEqual([
      0.9, 0.95,
    ]);
    expect(listed.filter((transaction) => transaction.chargeback).map((t) => t.riskScore)).toEqual([
      0.3, 0.85,
    ]);

    // The baseline (models/current.json) is mostly scores below 0.05; these 12 are not: a major shift.
    expect(data.drift).toMatchObject({ level: 'MAJOR', recentScores: 12 });
    expect(data.drift.psi).toBeGreaterThan(0.25);
  });

  it('pages through transactions with the cursor, newest first, without gaps or repeats', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: { data?: { transactions: TransactionPage } | null } = await api.gql<{
        transactions: TransactionPage;
      }>(
        'query($after: String) { transactions(first: 5, after: $after) { edges { node { riskScore } } hasNextPage endCursor } }',
        { after },
        alice,
      );
      const connection = result.data!.transactions;
      seen.push(...connection.edges.map((edge) => edge.node.riskScore));
      if (!connection.hasNextPage) break;
      after = connection.endCursor;
    }
    expect(seen).toEqual(FIXTURE.map((row) => row.score).reverse());
  });
});
