// Threshold tuning: the costs of a false positive and a false negative go in, thresholdAnalysis draws
// precision / recall / alert volume / expected cost, a what-if marker reads the curves at any
// threshold, and a supervisor applies new review and block thresholds with a reason.
import { gql } from '../api/graphql-client.js';
import { SET_RISK_THRESHOLDS, THRESHOLD_ANALYSIS, type RiskPolicy } from '../api/operations.js';
import { pointAt, renderThresholdCurves, type ThresholdPoint } from '../charts/threshold-curves.js';
import { errorBanner, h, markup, notice } from '../ui/dom.js';
import { formatCount, formatPercent } from '../ui/format.js';
import { isSupervisor, type Viewer } from './viewer.js';

interface Analysis {
  thresholdAnalysis: {
    labelled: number;
    frauds: number;
    cheapestThreshold: number | null;
    points: (Omit<ThresholdPoint, 'precision' | 'recall'> & {
      precision: number | null;
      recall: number | null;
    })[];
  };
  riskPolicy: RiskPolicy;
}

const num = (id: string, value: number, attrs: Record<string, number | string> = {}) =>
  h('input', { id, type: 'number', value, step: 'any', min: 0, required: true, ...attrs });

export function renderThresholds(main: HTMLElement, viewer: Viewer): () => void {
  let points: ThresholdPoint[] = [];
  let policy: RiskPolicy | null = null;
  let stopped = false;
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' });
  const fpCost = num('fp-cost', 5);
  const fnCost = num('fn-cost', 100);
  const whatIf = h('input', { id: 'what-if', type: 'range', min: 0, max: 1, step: 0.01, value: 0.5 });
  const readout = h('output', { for: 'what-if', id: 'what-if-readout' });
  const chart = h('div', { class: 'chart-holder', id: 'threshold-chart' });
  const summary = h('p', { class: 'help', id: 'analysis-summary' });
  const review = num('review-threshold', 0.5, { max: 1, step: 0.01 });
  const block = num('block-threshold', 0.9, { max: 1, step: 0.01 });
  const reason = h('input', {
    id: 'reason',
    type: 'text',
    required: true,
    placeholder: 'why the change, for the audit trail',
  });
  const current = h('p', { id: 'current-policy' });
  const allowed = isSupervisor(viewer);

  const costs = h(
    'form',
    { class: 'filters', 'aria-label': 'Costs' },
    h('label', { for: 'fp-cost' }, 'Cost of a false positive', fpCost),
    h('label', { for: 'fn-cost' }, 'Cost of a missed fraud', fnCost),
    h('button', { type: 'submit' }, 'Recompute'),
  );
  costs.addEventListener('submit', (e) => {
    e.preventDefault();
    void analyse();
  });

  const apply = h(
    'form',
    { class: 'apply', 'aria-labelledby': 'apply-title' },
    h('h2', { id: 'apply-title' }, 'Apply thresholds'),
    current,
    h(
      'fieldset',
      { disabled: !allowed },
      h('legend', { class: 'visually-hidden' }, 'New thresholds'),
      h('label', { for: 'review-threshold' }, 'Review threshold', review),
      h('label', { for: 'block-threshold' }, 'Block threshold', block),
      h('label', { for: 'reason' }, 'Reason', reason),
      h('button', { type: 'submit' }, 'Apply'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            review.value = whatIf.value;
          },
        },
        'Use what-if as review',
      ),
    ),
    allowed
      ? null
      : h(
          'p',
          { class: 'banner info', role: 'note', 'data-testid': 'supervisor-only' },
          `Only supervisors can change thresholds; you are signed in as ${viewer.role}.`,
        ),
  );
  apply.addEventListener('submit', (e) => {
    e.preventDefault();
    void applyThresholds();
  });

  main.append(
    h('h1', {}, 'Threshold tuning'),
    feedback,
    costs,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'curves-title' },
      h('h2', { id: 'curves-title' }, 'Trade-offs by threshold'),
      chart,
      h('label', { for: 'what-if', class: 'what-if' }, 'What-if threshold', whatIf, readout),
      summary,
    ),
    apply,
  );

  function draw(): void {
    const t = Number(whatIf.value);
    chart.replaceChildren(markup(renderThresholdCurves(points, t, policy), 'chart-inner'));
    const at = pointAt(points, t);
    readout.textContent = at
      ? `${at.threshold.toFixed(2)}: precision ${formatPercent(at.precision)}, recall ${formatPercent(at.recall)}, ${formatCount(at.alertVolume)} alerts, expected cost ${formatCount(Math.round(at.expectedCost))}`
      : 'no data';
  }
  whatIf.addEventListener('input', draw);

  async function analyse(): Promise<void> {
    try {
      const data = await gql<Analysis>(THRESHOLD_ANALYSIS, {
        fp: Number(fpCost.value),
        fn: Number(fnCost.value),
      });
      if (stopped) return;
      const a = data.thresholdAnalysis;
      points = a.points.map((p) => ({ ...p, precision: p.precision ?? NaN, recall: p.recall ?? NaN }));
      policy = data.riskPolicy;
      current.textContent = `In force: review ${policy.reviewThreshold}, block ${policy.blockThreshold} (version ${policy.version}${policy.changedBy ? `, set by ${policy.changedBy}` : ''}${policy.reason ? `: ${policy.reason}` : ''}).`;
      current.dataset.version = String(policy.version);
      summary.textContent =
        `${formatCount(a.labelled)} labelled outcomes, ${formatCount(a.frauds)} frauds.` +
        (a.cheapestThreshold == null
          ? ''
          : ` Cheapest threshold for these costs: ${a.cheapestThreshold.toFixed(2)}.`);
      if (!main.dataset.state) {
        review.value = String(policy.reviewThreshold);
        block.value = String(policy.blockThreshold);
        whatIf.value = String(a.cheapestThreshold ?? policy.reviewThreshold);
      }
      draw();
      main.dataset.state = 'ready';
    } catch (error) {
      if (!stopped) feedback.replaceChildren(errorBanner(error));
    }
  }

  async function applyThresholds(): Promise<void> {
    if (!reason.value.trim()) {
      feedback.replaceChildren(
        errorBanner(new Error('A reason is required: say why the thresholds change, for the audit trail.')),
      );
      reason.focus();
      return;
    }
    try {
      const { setRiskThresholds } = await gql<{ setRiskThresholds: RiskPolicy }>(SET_RISK_THRESHOLDS, {
        review: Number(review.value),
        block: Number(block.value),
        reason: reason.value.trim(),
        expectedVersion: policy?.version ?? null,
      });
      feedback.replaceChildren(
        notice(
          `Thresholds applied: review ${setRiskThresholds.reviewThreshold}, block ${setRiskThresholds.blockThreshold} (version ${setRiskThresholds.version}).`,
          'success',
        ),
      );
      reason.value = '';
      await analyse();
    } catch (error) {
      feedback.replaceChildren(errorBanner(error));
    }
  }

  void analyse();
  return () => {
    stopped = true;
  };
}
