// The live dashboard: fraud rate over a chosen window, the score histogram with the thresholds in
// force, the riskiest merchants / countries / customers, high-risk transactions, recent activity, the
// queue's size and age, and the model's drift. One query draws it all; live alert events (and a slow
// poll as a backstop) redraw it.
import { gql } from '../api/graphql-client.js';
import { onLiveEvent } from '../api/live.js';
import { DASHBOARD, HIGH_RISK_TRANSACTIONS, type RiskAggregate } from '../api/operations.js';
import { renderFraudRateChart } from '../charts/fraud-rate-chart.js';
import { renderScoreHistogram } from '../charts/score-histogram.js';
import { alertPath } from '../router.js';
import { errorBanner, h, markup, panel, replaceBody, table } from '../ui/dom.js';
import {
  formatAge,
  formatCount,
  formatMoney,
  formatPercent,
  formatScore,
  formatThreshold,
  formatTime,
} from '../ui/format.js';
import {
  dashboardVariables,
  headline,
  ratePoints,
  scoreBins,
  WINDOWS,
  type DashboardData,
  type HighRiskData,
  type WindowId,
} from './dashboard-data.js';
import type { Viewer } from './viewer.js';

const POLL_MS = 30_000;
const LIVE_DEBOUNCE_MS = 700;
/** Read tables follow the event log a moment later: a second look catches what the first missed. */
const PROJECTION_LAG_MS = 3_000;

const aggregateTable = (caption: string, rows: RiskAggregate[], exposureFirst = false) =>
  table(caption, ['Id', 'Txns', 'Confirmed', 'Fraud rate', 'Exposure'], rows, (r) => [
    r.id,
    formatCount(r.transactions),
    formatCount(r.confirmedFraud),
    formatPercent(r.fraudRate),
    exposureFirst ? h('strong', {}, formatMoney(r.exposure)) : formatMoney(r.exposure),
  ]);

export function renderDashboard(main: HTMLElement, _viewer: Viewer): () => void {
  let window: WindowId = '1h';
  let stopped = false;
  let inFlight = false;
  let again = false;
  const banner = h('div', { class: 'feedback' });
  const kpis = h('dl', { class: 'kpis', 'aria-label': 'Headline figures' });
  const rate = panel('fraud-rate', 'Fraud rate over time');
  const scores = panel('score-distribution', 'Score distribution');
  const highRisk = panel('high-risk', 'High-risk transactions');
  const activity = panel('recent-activity', 'Recent activity (live)');
  const merchants = panel('risky-merchants', 'Riskiest merchants');
  const countries = panel('risky-countries', 'Riskiest countries');
  const customers = panel('exposed-customers', 'Most exposed customers');
  const picker = h(
    'div',
    { class: 'segmented', role: 'group', 'aria-label': 'Time window' },
    WINDOWS.map((w) =>
      h(
        'button',
        {
          type: 'button',
          'data-window': w.id,
          'aria-pressed': String(w.id === window),
          onclick: () => {
            window = w.id;
            picker
              .querySelectorAll('button')
              .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.window === window)));
            void refresh();
          },
        },
        w.label,
      ),
    ),
  );
  rate.querySelector('h2')!.after(picker);
  main.append(
    h('h1', {}, 'Dashboard'),
    banner,
    kpis,
    h('div', { class: 'grid two' }, rate, scores),
    h('div', { class: 'grid two' }, highRisk, activity),
    h('div', { class: 'grid three' }, merchants, countries, customers),
  );
  main.dataset.state = 'loading';

  function draw(data: DashboardData, risky: HighRiskData): void {
    const top = headline(data);
    const kpi = (label: string, value: string, id: string) =>
      h('div', { class: 'kpi' }, h('dt', {}, label), h('dd', { 'data-kpi': id }, value));
    kpis.replaceChildren(
      kpi('Alert queue', top.queueSize, 'queue'),
      kpi('Oldest waiting', top.oldestRaisedAt ? formatAge(top.oldestRaisedAt) : '–', 'oldest'),
      kpi('Fraud rate (window)', formatPercent(top.windowRate, 2), 'rate'),
      kpi('Transactions (window)', formatCount(top.windowTransactions), 'transactions'),
      kpi(
        'Thresholds',
        `review ${formatThreshold(data.riskPolicy.reviewThreshold)} · block ${formatThreshold(data.riskPolicy.blockThreshold)}`,
        'thresholds',
      ),
      kpi('Model', data.modelInfo.version ?? 'none loaded', 'model'),
      kpi(
        'Drift',
        `${data.drift.level}${data.drift.psi == null ? '' : ` (PSI ${data.drift.psi.toFixed(3)})`}`,
        'drift',
      ),
    );
    replaceBody(rate, markup(renderFraudRateChart(ratePoints(data)), 'chart-holder'));
    replaceBody(scores, markup(renderScoreHistogram(scoreBins(data), data.riskPolicy), 'chart-holder'));
    const rows = risky.transactions.edges.map((e) => e.node);
    replaceBody(
      highRisk,
      rows.length === 0
        ? h('p', { class: 'empty' }, 'No high-risk transactions yet.')
        : table(
            'High-risk transactions (score 0.5 or more)',
            ['Score', 'Amount', 'Customer', 'Merchant', 'Country', 'Status', 'Alert'],
            rows,
            (t) => [
              formatScore(t.riskScore ?? NaN),
              formatMoney(t.amount ?? NaN, t.currency ?? 'EUR'),
              t.customerId,
              t.merchantId,
              t.country,
              t.status,
              t.alertId ? h('a', { href: alertPath(t.alertId) }, 'open') : '–',
            ],
          ),
      risky.transactions.hasNextPage ? h('p', { class: 'help' }, 'Showing the first 20.') : null,
    );
    replaceBody(
      activity,
      data.recentActivity.length === 0
        ? h('p', { class: 'empty' }, 'Nothing has happened yet.')
        : h(
            'ol',
            { class: 'activity' },
            data.recentActivity.map((a) =>
              h(
                'li',
                {},
                h('time', { datetime: a.at }, formatTime(a.at)),
                ' ',
                h('strong', {}, a.type),
                ` by ${a.actorId} (${a.actorRole}) on `,
                // The whole id: alert ids are the client's transaction ids, and ids that share a
                // prefix (tx-7-000...) looked identical when cut to their first characters.
                h('a', { href: alertPath(a.alertId) }, a.alertId),
              ),
            ),
          ),
    );
    replaceBody(merchants, aggregateTable('Riskiest merchants', data.riskyMerchants));
    replaceBody(countries, aggregateTable('Riskiest countries', data.riskyCountries));
    replaceBody(customers, aggregateTable('Most exposed customers', data.exposedCustomers, true));
  }

  async function refresh(): Promise<void> {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const [data, risky] = await Promise.all([
        gql<DashboardData>(DASHBOARD, dashboardVariables(window)),
        gql<HighRiskData>(HIGH_RISK_TRANSACTIONS, { minScore: 0.5, first: 20 }),
      ]);
      if (stopped) return;
      draw(data, risky);
      banner.replaceChildren();
      main.dataset.state = 'ready';
      main.dataset.renderedAt = String(performance.now());
    } catch (error) {
      if (stopped) return;
      banner.replaceChildren(errorBanner(error));
      main.dataset.state = 'error';
    } finally {
      inFlight = false;
      if (again && !stopped) {
        again = false;
        void refresh();
      }
    }
  }

  let debounce: ReturnType<typeof setTimeout> | undefined;
  let followUp: ReturnType<typeof setTimeout> | undefined;
  const stopLive = onLiveEvent(() => {
    clearTimeout(debounce);
    clearTimeout(followUp);
    debounce = setTimeout(() => void refresh(), LIVE_DEBOUNCE_MS);
    followUp = setTimeout(() => void refresh(), PROJECTION_LAG_MS);
  });
  const poll = setInterval(() => void refresh(), POLL_MS);
  void refresh();
  return () => {
    stopped = true;
    stopLive();
    clearInterval(poll);
    clearTimeout(debounce);
    clearTimeout(followUp);
  };
}
