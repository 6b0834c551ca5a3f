// Models: the registry (champion / challenger badges, metrics, who chose each seat and why), champion
// vs challenger on live traffic for a chosen window (modelComparison), and for supervisors "assign as
// challenger" and "promote", each with a required reason and a confirmation. Analysts see it all
// read-only; the API refuses them anyway. Errors are shown as the server words them, never swallowed.
import { gql } from '../api/graphql-client.js';
import {
  ASSIGN_CHALLENGER,
  MODELS_VIEW,
  PROMOTE_MODEL,
  type ComparisonPair,
  type ModelComparison,
  type ModelRegistry,
  type ModelSide,
  type RegisteredModel,
} from '../api/operations.js';
import { renderModelComparison } from '../charts/model-comparison-chart.js';
import { errorBanner, h, markup, notice, table, type Child } from '../ui/dom.js';
import { formatCount, formatMoney, formatPercent, formatTime } from '../ui/format.js';
import { isSupervisor, type Viewer } from './viewer.js';

const WINDOWS = [
  { id: '24h', label: 'Last 24 h', hours: 24 },
  { id: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { id: '30d', label: 'Last 30 days', hours: 24 * 30 },
] as const;
type Action = 'assign' | 'promote';

const rate = (value: number | null): string => (value === null ? 'n/a' : formatPercent(value));
const metric = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(3));

/** The measures shown for each side, in reading order. */
const SIDE_ROWS: readonly (readonly [string, (s: ModelSide) => string])[] = [
  ['Transactions scored', (s) => formatCount(s.transactions)],
  ['Alerts (review + block)', (s) => `${formatCount(s.alerts)} (${formatPercent(s.alertRate)})`],
  ['Blocked', (s) => formatCount(s.blocked)],
  ['Blocked amount', (s) => formatMoney(s.blockedAmount)],
  ['Labelled (frauds)', (s) => `${formatCount(s.labels.labelled)} (${formatCount(s.labels.frauds)})`],
  [
    'Frauds caught / missed',
    (s) => `${formatCount(s.labels.truePositives)} / ${formatCount(s.labels.falseNegatives)}`,
  ],
  [
    'False positives / true negatives',
    (s) => `${formatCount(s.labels.falsePositives)} / ${formatCount(s.labels.trueNegatives)}`,
  ],
  ['Precision', (s) => rate(s.labels.precision)],
  ['Recall', (s) => rate(s.labels.recall)],
  ['Expected cost', (s) => formatCount(Math.round(s.labels.expectedCost))],
];

export function renderModels(main: HTMLElement, viewer: Viewer): () => void {
  let stopped = false;
  let registry: ModelRegistry | null = null;
  let windowId: (typeof WINDOWS)[number]['id'] = '7d';
  const allowed = isSupervisor(viewer);
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite', id: 'models-feedback' });
  const registryBody = h('div', { id: 'model-registry' }, 'Loading…');
  const comparisonBody = h('div', { id: 'model-comparison' }, 'Loading…');
  const fpCost = h('input', {
    id: 'cmp-fp-cost',
    type: 'number',
    value: 5,
    min: 0,
    step: 'any',
    required: true,
  });
  const fnCost = h('input', {
    id: 'cmp-fn-cost',
    type: 'number',
    value: 100,
    min: 0,
    step: 'any',
    required: true,
  });

  const picker = h(
    'div',
    { class: 'segmented', role: 'group', 'aria-label': 'Comparison window' },
    WINDOWS.map((w) =>
      h(
        'button',
        {
          type: 'button',
          'data-window': w.id,
          'aria-pressed': String(w.id === windowId),
          onclick: () => {
            windowId = w.id;
            picker
              .querySelectorAll('button')
              .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.window === windowId)));
            void load();
          },
        },
        w.label,
      ),
    ),
  );
  const costs = h(
    'form',
    { class: 'filters', 'aria-label': 'Costs' },
    h('label', { for: 'cmp-fp-cost' }, 'Cost of a false positive', fpCost),
    h('label', { for: 'cmp-fn-cost' }, 'Cost of a missed fraud', fnCost),
    h('button', { type: 'submit' }, 'Recompute'),
  );
  costs.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });

  // The confirmation: what the action does, the reason (required, recorded), confirm or cancel.
  const dialogTitle = h('h2', { id: 'model-action-title' }, '');
  const dialogText = h('p', { id: 'model-action-text' }, '');
  const dialogError = h('div', { 'aria-live': 'assertive' });
  const reason = h('input', {
    id: 'model-action-reason',
    type: 'text',
    // Checked by perform() (not the browser's own validation), so the message is ours and in place.
    'aria-required': 'true',
    placeholder: 'why, for the audit trail',
  });
  const confirm = h('button', { type: 'submit', id: 'model-action-confirm' }, 'Confirm');
  const dialog = h(
    'dialog',
    { id: 'model-action-dialog', 'aria-labelledby': 'model-action-title' },
    h(
      'form',
      { method: 'dialog' },
      dialogTitle,
      dialogText,
      dialogError,
      h('label', { for: 'model-action-reason' }, 'Reason (required)', reason),
      h(
        'div',
        { class: 'actions' },
        confirm,
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
      ),
    ),
  );
  let pending: { action: Action; version: string } | null = null;
  dialog.querySelector('form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    void perform();
  });

  main.append(
    h('h1', {}, 'Models'),
    feedback,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'registry-title' },
      h('h2', { id: 'registry-title' }, 'Registry'),
      allowed
        ? null
        : h(
            'p',
            { class: 'banner info', role: 'note', 'data-testid': 'supervisor-only' },
            `Only supervisors can assign a challenger or promote a model; you are signed in as ${viewer.role}.`,
          ),
      registryBody,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'comparison-title' },
      h('h2', { id: 'comparison-title' }, 'Champion vs challenger on live traffic'),
      picker,
      costs,
      comparisonBody,
    ),
    dialog,
  );

  function ask(action: Action, model: RegisteredModel): void {
    pending = { action, version: model.version };
    dialogTitle.textContent =
      action === 'promote'
        ? `Promote ${model.version} to champion?`
        : `Assign ${model.version} as challenger?`;
    dialogText.textContent =
      action === 'promote'
        ? `${model.version} will decide on live payments from the next batch scoring takes${registry?.champion ? `, replacing ${registry.champion}` : ''}.`
        : `${model.version} will score the same traffic in shadow, never deciding${registry?.challenger ? `, replacing challenger ${registry.challenger}` : ''}.`;
    confirm.textContent = action === 'promote' ? `Promote ${model.version}` : `Assign ${model.version}`;
    dialogError.replaceChildren();
    reason.value = '';
    dialog.showModal();
    reason.focus();
  }

  async function perform(): Promise<void> {
    if (!pending) return;
    if (!reason.value.trim()) {
      dialogError.replaceChildren(
        errorBanner(new Error('A reason is required: say why, it is recorded with your name.')),
      );
      reason.focus();
      return;
    }
    const { action, version } = pending;
    try {
      const variables = { version, reason: reason.value.trim(), expectedVersion: registry?.version ?? null };
      const after =
        action === 'promote'
          ? (await gql<{ promoteModel: ModelRegistry }>(PROMOTE_MODEL, variables)).promoteModel
          : (await gql<{ assignChallenger: ModelRegistry }>(ASSIGN_CHALLENGER, variables)).assignChallenger;
      dialog.close();
      feedback.replaceChildren(
        notice(
          action === 'promote'
            ? `${version} is now the champion (registry version ${after.version}).`
            : `${version} is now the challenger (registry version ${after.version}).`,
          'success',
        ),
      );
      showRegistry(after);
    } catch (error) {
      dialog.close();
      feedback.replaceChildren(errorBanner(error));
      await load(false);
    }
  }

  function seat(model: RegisteredModel): Child {
    const change = model.isChampion
      ? model.lastPromotion
      : model.isChallenger
        ? model.lastChallengerAssignment
        : null;
    if (!change) return '–';
    return h(
      'span',
      { class: 'seat' },
      `${change.by}, ${formatTime(change.at)}: “${change.reason}”`,
      change.replaced ? ` (replaced ${change.replaced})` : '',
    );
  }

  function actions(model: RegisteredModel): Child {
    const button = (action: Action, label: string, why: string | null) =>
      h(
        'button',
        {
          type: 'button',
          class: action === 'promote' ? '' : 'secondary',
          'data-action': action,
          'data-version': model.version,
          disabled: why !== null,
          title: why ?? undefined,
          onclick: () => ask(action, model),
        },
        label,
      );
    return h(
      'span',
      { class: 'row-actions' },
      button(
        'assign',
        'Assign as challenger',
        model.isChampion
          ? 'The champion cannot be the challenger'
          : model.isChallenger
            ? 'Already the challenger'
            : null,
      ),
      button('promote', 'Promote', model.isChampion ? 'Already the champion' : null),
    );
  }

  function showRegistry(view: ModelRegistry): void {
    registry = view;
    registryBody.dataset.version = String(view.version);
    if (view.models.length === 0) {
      registryBody.replaceChildren(
        h('p', { class: 'empty' }, 'No model registered yet: scoring registers the models it loads.'),
      );
      return;
    }
    const headers = [
      'Model',
      'Type',
      'ROC AUC',
      'PR AUC',
      'Precision / recall at review',
      'Registered',
      'In its seat since',
      'File sha256',
    ];
    registryBody.replaceChildren(
      table('Registered models', allowed ? [...headers, 'Actions'] : headers, view.models, (m) => [
        h(
          'span',
          { class: 'model-version', 'data-version': m.version },
          m.version,
          m.isChampion ? h('span', { class: 'badge champion' }, 'Champion') : null,
          m.isChallenger ? h('span', { class: 'badge challenger' }, 'Challenger') : null,
        ),
        `${m.modelType} (${m.featureSpecVersion})`,
        metric(m.metrics.rocAuc),
        metric(m.metrics.prAuc),
        `${rate(m.metrics.precisionAtReview)} / ${rate(m.metrics.recallAtReview)}`,
        `${m.registeredBy}, ${formatTime(m.registeredAt)}`,
        seat(m),
        h('code', { title: m.fileHash }, `${m.fileHash.slice(0, 12)}…`),
        ...(allowed ? [actions(m)] : []),
      ]),
    );
  }

  function showPair(pair: ComparisonPair): HTMLElement {
    const decisions = ['APPROVE', 'REVIEW', 'BLOCK'];
    const count = (champion: string, challenger: string) =>
      pair.decisions.find((d) => d.champion === champion && d.challenger === challenger)?.transactions ?? 0;
    return h(
      'article',
      {
        class: 'comparison-pair',
        'data-champion': pair.championVersion,
        'data-challenger': pair.challengerVersion,
      },
      h(
        'h3',
        {},
        `${pair.championVersion} (champion) vs ${pair.challengerVersion} (challenger): ${formatCount(pair.transactions)} transactions, agreement ${formatPercent(pair.agreementRate)}`,
      ),
      markup(
        renderModelComparison(
          [
            { label: 'Alert rate', champion: pair.champion.alertRate, challenger: pair.challenger.alertRate },
            {
              label: 'Precision',
              champion: pair.champion.labels.precision,
              challenger: pair.challenger.labels.precision,
            },
            {
              label: 'Recall',
              champion: pair.champion.labels.recall,
              challenger: pair.challenger.labels.recall,
            },
          ],
          { champion: pair.championVersion, challenger: pair.challengerVersion },
        ),
        'chart-holder',
      ),
      h(
        'div',
        { class: 'comparison-tables' },
        table(
          'Champion and challenger side by side',
          ['Measure', `Champion ${pair.championVersion}`, `Challenger ${pair.challengerVersion}`],
          SIDE_ROWS,
          ([label, f]) => [label, f(pair.champion), f(pair.challenger)],
        ),
        table(
          'Decisions: champion (rows) by challenger (columns)',
          ['Champion ↓ / challenger →', ...decisions],
          decisions,
          (champion) => [
            champion,
            ...decisions.map((challenger) => formatCount(count(champion, challenger))),
          ],
        ),
      ),
    );
  }

  function showComparison(comparison: ModelComparison): void {
    comparisonBody.dataset.transactions = String(comparison.transactions);
    const window = `${formatTime(comparison.from)} – ${formatTime(comparison.to)}`;
    if (comparison.pairs.length === 0) {
      comparisonBody.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          `No transaction scored by a challenger in ${window}. Assign a challenger to compare.`,
        ),
      );
      return;
    }
    comparisonBody.replaceChildren(
      h(
        'p',
        { class: 'help' },
        `${formatCount(comparison.transactions)} transactions scored by both in ${window}; costs: ${comparison.falsePositiveCost} per false positive, ${comparison.falseNegativeCost} per missed fraud. `,
        'Labels are chargebacks and analysts’ dispositions; dispositions exist only for what the champion alerted, so they favour the champion.',
      ),
      ...comparison.pairs.map(showPair),
    );
  }

  async function load(clearFeedback = true): Promise<void> {
    const hours = WINDOWS.find((w) => w.id === windowId)!.hours;
    const to = new Date();
    try {
      const data = await gql<{ modelRegistry: ModelRegistry; modelComparison: ModelComparison }>(
        MODELS_VIEW,
        {
          from: new Date(to.getTime() - hours * 3600_000).toISOString(),
          to: to.toISOString(),
          fp: Number(fpCost.value),
          fn: Number(fnCost.value),
        },
      );
      if (stopped) return;
      if (clearFeedback) feedback.replaceChildren();
      showRegistry(data.modelRegistry);
      showComparison(data.modelComparison);
      main.dataset.state = 'ready';
    } catch (error) {
      if (!stopped) feedback.replaceChildren(errorBanner(error));
    }
  }

  void load();
  return () => {
    stopped = true;
    if (dialog.open) dialog.close();
  };
}
