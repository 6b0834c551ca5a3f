// One alert: its transaction and reason codes, the customer's recent transactions, the timeline and
// notes, and the actions the alert's state and the viewer's role allow. Every mutation sends the
// version on screen (expectedVersion), so acting on a stale view fails with a visible CONFLICT.
import { gql } from '../api/graphql-client.js';
import { onLiveEvent } from '../api/live.js';
import * as op from '../api/operations.js';
import { errorBanner, h, notice, table } from '../ui/dom.js';
import { formatMoney, formatScore, formatTime } from '../ui/format.js';
import { expectedLoss } from './alert-sort.js';
import { isSupervisor, type Viewer } from './viewer.js';

type Detail = op.AlertDetail;

export function renderAlertDetail(main: HTMLElement, viewer: Viewer, id: string): () => void {
  let alert: Detail | null = null;
  let stopped = false;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const content = h('div', { class: 'alert-detail' });
  main.append(
    h('p', {}, h('a', { href: '/alerts' }, '← Alert queue')),
    h('h1', {}, `Alert ${id}`),
    feedback,
    content,
  );

  async function load(): Promise<void> {
    try {
      const { alert: found } = await gql<{ alert: Detail | null }>(op.ALERT, { id });
      if (stopped) return;
      if (!found) {
        content.replaceChildren(
          errorBanner(new Error(`No alert has id ${id}: check the link or open it from the queue.`)),
        );
        return;
      }
      alert = found;
      if (alert?.id !== found.id || drawn === '') draw(found, []);
      const history = await gql<{ transactions: { edges: { node: op.TransactionRow }[] } }>(
        op.CUSTOMER_TRANSACTIONS,
        { customerId: found.customerId },
      );
      if (!stopped && alert === found)
        draw(
          found,
          history.transactions.edges.map((e) => e.node),
        );
    } catch (error) {
      if (!stopped) feedback.replaceChildren(errorBanner(error));
    }
  }

  /** Runs one mutation; the server's answer is the new truth, its error is shown as it is. */
  async function act(label: string, query: string, variables: Record<string, unknown>): Promise<void> {
    if (!alert) return;
    main.dataset.busy = 'true';
    try {
      const data = await gql<Record<string, Detail>>(query, {
        id: alert.id,
        expectedVersion: alert.version,
        ...variables,
      });
      const updated = Object.values(data)[0];
      if (updated) alert = { ...alert, ...updated };
      feedback.replaceChildren(notice(`${label}: done.`, 'success'));
      await load();
    } catch (error) {
      feedback.replaceChildren(errorBanner(error, () => feedback.replaceChildren()));
    } finally {
      delete main.dataset.busy;
    }
  }

  async function actOnTransaction(label: string, query: string, reason: string): Promise<void> {
    const tx = alert?.transaction;
    if (!tx) return;
    try {
      await gql(query, { id: tx.id, reason, expectedVersion: tx.version });
      feedback.replaceChildren(notice(`${label}: done.`, 'success'));
      await load();
    } catch (error) {
      feedback.replaceChildren(errorBanner(error, () => feedback.replaceChildren()));
    }
  }

  /** A small form: one text field (required) and a button; the field is the note or the reason. */
  const textAction = (
    name: string,
    label: string,
    field: string,
    run: (text: string) => Promise<void>,
    extra?: HTMLElement,
  ) => {
    const input = h('textarea', { id: `${name}-text`, rows: 2, required: true });
    const form = h(
      'form',
      { class: 'action', 'data-action': name },
      extra ?? null,
      h('label', { for: `${name}-text` }, field),
      input,
      h('button', { type: 'submit' }, label),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value.trim()) {
        feedback.replaceChildren(
          errorBanner(new Error(`${field} is required: say why, for the audit trail.`)),
        );
        input.focus();
        return;
      }
      void run(input.value.trim());
    });
    return form;
  };

  function actions(a: Detail): HTMLElement {
    const mine = a.assignee === viewer.id;
    const list: HTMLElement[] = [];
    if (a.status === 'OPEN')
      list.push(
        h(
          'button',
          { type: 'button', 'data-action': 'claim', onclick: () => void act('Claimed', op.CLAIM_ALERT, {}) },
          'Claim',
        ),
      );
    if (a.status === 'IN_REVIEW' && (mine || isSupervisor(viewer)))
      list.push(
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-action': 'unassign',
            onclick: () => void act('Unassigned', op.UNASSIGN_ALERT, {}),
          },
          'Unassign',
        ),
      );
    if (a.status !== 'RESOLVED') {
      const disposition = h(
        'select',
        { id: 'disposition' },
        h('option', { value: 'CONFIRMED_FRAUD' }, 'Confirmed fraud'),
        h('option', { value: 'FALSE_POSITIVE' }, 'False positive'),
        h('option', { value: 'INCONCLUSIVE' }, 'Inconclusive'),
      );
      list.push(
        textAction(
          'resolve',
          'Resolve',
          'Resolution note',
          (note) => act('Resolved', op.RESOLVE_ALERT, { disposition: disposition.value, note }),
          h('label', { for: 'disposition' }, 'Disposition', disposition),
        ),
      );
      list.push(
        textAction('escalate', 'Escalate', 'Escalation reason', (reason) =>
          act('Escalated', op.ESCALATE_ALERT, { reason }),
        ),
      );
    }
    if (a.status === 'RESOLVED' && isSupervisor(viewer))
      list.push(
        textAction('reopen', 'Reopen', 'Reason to reopen', (reason) =>
          act('Reopened', op.REOPEN_ALERT, { reason }),
        ),
      );
    list.push(
      textAction('note', 'Add note', 'Note', (note) => act('Note added', op.ADD_ALERT_NOTE, { note })),
    );
    const tx = a.transaction;
    if (tx && tx.status !== 'BLOCKED')
      list.push(
        textAction('block', 'Block transaction', 'Reason to block', (reason) =>
          actOnTransaction('Transaction blocked', op.BLOCK_TRANSACTION, reason),
        ),
      );
    if (tx && tx.status === 'BLOCKED')
      list.push(
        textAction('release', 'Release transaction', 'Reason to release', (reason) =>
          actOnTransaction('Transaction released', op.RELEASE_TRANSACTION, reason),
        ),
      );
    return h(
      'section',
      { class: 'panel actions-panel', 'aria-labelledby': 'actions-title' },
      h('h2', { id: 'actions-title' }, 'Actions'),
      ...list,
    );
  }

  let drawn = '';
  function draw(a: Detail, history: op.TransactionRow[]): void {
    // Redraw only when something changed: a redraw under the analyst's cursor loses what they typed.
    const key = JSON.stringify([a, history]);
    if (key === drawn) return;
    drawn = key;
    main.dataset.draws = String(Number(main.dataset.draws ?? 0) + 1);
    main.dataset.status = a.status;
    const fact = (term: string, value: string | null | undefined) => [
      h('dt', {}, term),
      h('dd', {}, value ?? '–'),
    ];
    const tx = a.transaction;
    content.replaceChildren(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'summary-title' },
        h('h2', { id: 'summary-title' }, 'Alert and transaction'),
        h(
          'dl',
          { class: 'facts' },
          ...fact('Status', a.status.replace('_', ' ') + (a.disposition ? ` · ${a.disposition}` : '')),
          ...fact('Assignee', a.assignee),
          ...fact('Risk score', formatScore(a.riskScore)),
          ...fact('Decision', a.decision),
          ...fact('Amount', formatMoney(a.amount, a.currency)),
          ...fact('Expected loss', formatMoney(expectedLoss(a), a.currency)),
          ...fact('Customer', a.customerId),
          ...fact('Merchant', `${a.merchantId}${tx?.merchantCategory ? ` (${tx.merchantCategory})` : ''}`),
          ...fact('Country', tx?.country),
          ...fact('Transaction status', tx?.status),
          ...fact('Raised', formatTime(a.raisedAt)),
          ...fact('Version', String(a.version)),
        ),
        h('h3', {}, 'Reason codes'),
        a.reasons.length
          ? h(
              'ul',
              { class: 'reasons' },
              a.reasons.map((r) => h('li', {}, r)),
            )
          : h('p', { class: 'empty' }, 'The model gave no reasons.'),
      ),
      actions(a),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'history-title' },
        h('h2', { id: 'history-title' }, `Customer ${a.customerId}: recent transactions`),
        history.length === 0
          ? h('p', { class: 'empty' }, 'Loading or none.')
          : table(
              'Recent transactions of the customer',
              ['When', 'Amount', 'Merchant', 'Country', 'Score', 'Decision', 'Status'],
              history,
              (t) => [
                t.occurredAt ? formatTime(t.occurredAt) : '–',
                formatMoney(t.amount ?? NaN, t.currency ?? 'EUR'),
                t.merchantId,
                t.country,
                formatScore(t.riskScore ?? NaN),
                t.decision,
                t.status,
              ],
            ),
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, 'Timeline'),
        h(
          'ol',
          { class: 'timeline' },
          a.timeline.map((t) =>
            h(
              'li',
              {},
              h('time', { datetime: t.at }, formatTime(t.at)),
              ' ',
              h('strong', {}, t.type),
              ` by ${t.actorId} (${t.actorRole})`,
              t.detail ? `: ${t.detail}` : '',
            ),
          ),
        ),
        h('h3', {}, 'Notes'),
        a.notes.length
          ? h(
              'ul',
              { class: 'notes' },
              a.notes.map((n) => h('li', {}, h('strong', {}, n.author), ` (${formatTime(n.at)}): ${n.note}`)),
            )
          : h('p', { class: 'empty' }, 'No notes yet.'),
      ),
    );
  }

  // Someone else acting on this alert: reload, so the next action carries the new version.
  const stopLive = onLiveEvent(({ alert: changed }) => {
    if (changed.id === id && alert && changed.version > alert.version) void load();
  });
  void load();
  return () => {
    stopped = true;
    stopLive();
  };
}
