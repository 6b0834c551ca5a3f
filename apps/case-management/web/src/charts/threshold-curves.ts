// Threshold trade-offs from thresholdAnalysis: precision, recall, alert volume and expected cost as
// functions of the threshold, a what-if marker where the supervisor is looking, and the thresholds in
// force. Volume and cost have their own units, so they are drawn as a share of their maximum (the
// legend gives the maxima) on the same 0..1 axis as precision and recall.
import { escapeXml, formatCount, formatPercent } from '../ui/format.js';
import {
  emptyChart,
  fixed,
  plotBottom,
  plotLeft,
  plotRight,
  plotTop,
  svg,
  verticalMarker,
  xAxis,
  yAxis,
  type ChartBox,
} from './frame.js';
import { linearScale, niceTicks } from './scale.js';
import type { Thresholds } from './score-histogram.js';

export interface ThresholdPoint {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly alertVolume: number;
  readonly expectedCost: number;
}

export const CURVES = [
  { key: 'precision', label: 'precision' },
  { key: 'recall', label: 'recall' },
  { key: 'alertVolume', label: 'alert volume' },
  { key: 'expectedCost', label: 'expected cost' },
] as const;

/** The analysed point closest to a threshold (the what-if readout). */
export function pointAt(points: readonly ThresholdPoint[], threshold: number): ThresholdPoint | undefined {
  let best: ThresholdPoint | undefined;
  for (const p of points) {
    if (!best || Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold)) best = p;
  }
  return best;
}

/** The threshold with the lowest expected cost: what the cost inputs recommend. */
export const cheapest = (points: readonly ThresholdPoint[]): ThresholdPoint | undefined =>
  points.reduce<ThresholdPoint | undefined>(
    (a, b) => (!a || b.expectedCost < a.expectedCost ? b : a),
    undefined,
  );

export function renderThresholdCurves(
  points: readonly ThresholdPoint[],
  whatIf: number,
  current: Thresholds | null,
  box: ChartBox = { width: 1000, height: 340, margin: { top: 34, right: 24, bottom: 36, left: 52 } },
): string {
  const title = 'Precision, recall, alert volume and expected cost by threshold';
  const data = [...points]
    .filter((p) => Number.isFinite(p.threshold))
    .sort((a, b) => a.threshold - b.threshold);
  if (data.length === 0)
    return emptyChart(box, title, 'No labelled outcomes yet: resolve alerts to build the curves');

  const maxVolume = Math.max(1, ...data.map((p) => p.alertVolume));
  const maxCost = Math.max(1e-9, ...data.map((p) => p.expectedCost));
  const x = linearScale([0, 1], [plotLeft(box), plotRight(box)]);
  const y = linearScale([0, 1], [plotBottom(box), plotTop(box)]);
  const share: Record<(typeof CURVES)[number]['key'], (p: ThresholdPoint) => number> = {
    precision: (p) => p.precision,
    recall: (p) => p.recall,
    alertVolume: (p) => p.alertVolume / maxVolume,
    expectedCost: (p) => p.expectedCost / maxCost,
  };
  const paths = CURVES.map(({ key }) => {
    const d = data
      .filter((p) => Number.isFinite(share[key](p)))
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(x(p.threshold))},${fixed(y(share[key](p)))}`)
      .join('');
    return `<path class="curve ${key}" d="${d}"/>`;
  }).join('');
  const at = pointAt(data, whatIf);
  const readout = at
    ? `at ${at.threshold.toFixed(2)}: precision ${formatPercent(at.precision)}, recall ${formatPercent(at.recall)}, ` +
      `${formatCount(at.alertVolume)} alerts, cost ${formatCount(Math.round(at.expectedCost))}`
    : '';
  const currentMarkers = current
    ? verticalMarker(box, x(current.reviewThreshold), 'review', 'review') +
      verticalMarker(box, x(current.blockThreshold), 'block', 'block')
    : '';
  const legend = CURVES.map(({ key, label }, i) => {
    const note =
      key === 'alertVolume'
        ? ` (max ${formatCount(maxVolume)})`
        : key === 'expectedCost'
          ? ` (max ${formatCount(Math.round(maxCost))})`
          : '';
    return `<g class="legend-item" transform="translate(${plotLeft(box) + i * 220},6)"><rect class="swatch ${key}" width="10" height="10"/><text x="14" y="9">${escapeXml(label + note)}</text></g>`;
  }).join('');
  return svg(
    box,
    title,
    `${data.length} thresholds analysed; what-if ${readout}`,
    yAxis(box, y, niceTicks(0, 1, 5), (v) => formatPercent(v, 0)) +
      xAxis(box, x, niceTicks(0, 1, 10), (v) => v.toFixed(1)) +
      paths +
      currentMarkers +
      verticalMarker(box, x(whatIf), `what-if ${whatIf.toFixed(2)}`, 'what-if') +
      legend,
  );
}
