// The alert queue: filter by status, minimum score and assignee; sort by expected loss, age or score;
// claim from the list. Live events merge into what is on screen without a reload.
import { ApiError, gql } from '../api/graphql-client.js';
import { onLiveEvent } from '../api/live.js';
import { ALERTS, CLAIM_ALERT, type AlertStatus, type AlertSummary } from '../api/operations.js';
import { alertPath, navigate } from '../router.js';
import { errorBanner, h } from '../ui/dom.js';
import { formatAge, formatMoney, formatScore } from '../ui/format.js';
import { expectedLoss, mergeAlert, sortAlerts, SORTS, type SortId } from './alert-sort.js';
import type { Viewer } from './viewer.js';

const STATUSES: AlertStatus[] = ['OPEN', 'IN_REVIEW', 'ESCALATED', 'RESOLVED'];
const PAGE = 100;

interface Page {
  alerts: { edges: { node: AlertSummary }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

export function renderAlertQueue(main: HTMLElement, viewer: Viewer): () => void {
  let alerts: AlertSummary[] = [];
  let cursor: string | null = null;
  let hasMore = false;
  let stopped = false;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const statusBoxes = STATUSES.map((s) =>
    h('input', { type: 'checkbox', name: 'status', value: s, checked: s === 'OPEN' || s === 'ESCALATED' }),
  );
  const minScore = h('input', {
    type: 'number',
    id: 'min-score',
    min: 0,
    max: 1,
    step: 0.05,
    placeholder: '0.0',
  });
  const assignee = h('input', { type: 'text', id: 'assignee', placeholder: 'anyone' });
  const sort = h(
    'select',
    { id: 'sort' },
    SORTS.map((s) => h('option', { value: s.id }, s.label)),
  );
  const count = h('p', { class: 'count', role: 'status' });
  const body = h('tbody', {});
  const more = h(
    'button',
    { type: 'button', class: 'secondary', hidden: true, onclick: () => void load(false) },
    'Load more',
  );

  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter alerts' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Status'),
      STATUSES.map((s, i) =>
        h('label', { class: 'check' }, statusBoxes[i], s.replace('_', ' ').toLowerCase()),
      ),
    ),
    h('label', { for: 'min-score' }, 'Min score', minScore),
    h('label', { for: 'assignee' }, 'Assignee', assignee),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          assignee.value = viewer.id;
          void load(true);
        },
      },
      'Mine',
    ),
    h('label', { for: 'sort' }, 'Sort by', sort),
    h('button', { type: 'submit' }, 'Apply'),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  sort.addEventListener('change', draw);

  main.append(
    h('h1', {}, 'Alert queue'),
    filters,
    feedback,
    count,
    h(
      'table',
      { class: 'queue' },
      h('caption', { class: 'visually-hidden' }, 'Alerts matching the filters'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Score', 'Amount', 'Expected loss', 'Customer', 'Merchant', 'Status', 'Assignee', 'Age', ''].map(
            (t) => h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      body,
    ),
    more,
  );

  const filter = () => {
    const status = statusBoxes.filter((b) => b.checked).map((b) => b.value as AlertStatus);
    const score = minScore.value === '' ? null : Number(minScore.value);
    return {
      ...(status.length > 0 ? { status } : {}),
      ...(score !== null && Number.isFinite(score) ? { minScore: score } : {}),
      ...(assignee.value.trim() ? { assignee: assignee.value.trim() } : {}),
    };
  };
  const matches = (a: AlertSummary) => {
    const f = filter();
    return (
      (!f.status || f.status.includes(a.status)) &&
      (f.minScore === undefined || a.riskScore >= f.minScore) &&
      (!f.assignee || a.assignee === f.assignee)
    );
  };

  function draw(): void {
    const rows = sortAlerts(alerts, sort.value as SortId);
    count.textContent = `${rows.length}${hasMore ? '+' : ''} alerts`;
    body.replaceChildren(
      ...rows.map((a) =>
        h(
          'tr',
          { 'data-alert-id': a.id, 'data-status': a.status },
          h('td', {}, formatScore(a.riskScore)),
          h('td', {}, formatMoney(a.amount, a.currency)),
          h('td', {}, formatMoney(expectedLoss(a), a.currency)),
          h('td', {}, a.customerId),
          h('td', {}, a.merchantId),
          h('td', {}, h('span', { class: `status ${a.status.toLowerCase()}` }, a.status.replace('_', ' '))),
          h('td', {}, a.assignee ?? '–'),
          h('td', {}, h('time', { datetime: a.raisedAt }, formatAge(a.raisedAt))),
          h(
            'td',
            { class: 'actions' },
            h('a', { href: alertPath(a.id), 'aria-label': `Open alert ${a.id}` }, 'Open'),
            a.status === 'OPEN'
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'small',
                    onclick: () => void claim(a),
                    'aria-label': `Claim alert ${a.id}`,
                  },
                  'Claim',
                )
              : null,
          ),
        ),
      ),
    );
    more.hidden = !hasMore;
  }

  async function load(reset: boolean): Promise<void> {
    try {
      const page = await gql<Page>(ALERTS, { filter: filter(), first: PAGE, after: reset ? null : cursor });
      if (stopped) return;
      const nodes = page.alerts.edges.map((e) => e.node);
      alerts = reset ? nodes : [...alerts, ...nodes.filter((n) => !alerts.some((a) => a.id === n.id))];
      cursor = page.alerts.pageInfo.endCursor;
      hasMore = page.alerts.pageInfo.hasNextPage;
      feedback.replaceChildren();
      draw();
      main.dataset.state = 'ready';
    } catch (error) {
      if (!stopped) feedback.replaceChildren(errorBanner(error));
    }
  }

  async function claim(alert: AlertSummary): Promise<void> {
    try {
      const { claimAlert } = await gql<{ claimAlert: AlertSummary }>(CLAIM_ALERT, {
        id: alert.id,
        expectedVersion: alert.version,
      });
      // Claiming means working it now: straight to the alert, where the actions are.
      alerts = mergeAlert(alerts, claimAlert, () => true);
      if (!stopped) navigate(alertPath(claimAlert.id));
    } catch (error) {
      // A conflict means someone else moved first: show why and reload what is true now.
      feedback.replaceChildren(errorBanner(error));
      if (error instanceof ApiError && error.code === 'CONFLICT')
        void load(true).then(() => feedback.prepend(errorBanner(error)));
    }
  }

  // A burst of live events (a busy minute) is drawn once per frame, not once per event.
  let frame = 0;
  const stopLive = onLiveEvent(({ alert }) => {
    alerts = mergeAlert(alerts, alert, matches);
    if (frame === 0)
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw();
      });
  });
  void load(true);
  return () => {
    stopped = true;
    stopLive();
    cancelAnimationFrame(frame);
  };
}
