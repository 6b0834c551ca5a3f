// Fraud rate over time: an area under a line, one point per bucket of fraudRate(from, to, bucket).
import { formatPercent } from '../ui/format.js';
import {
  DEFAULT_BOX,
  emptyChart,
  fixed,
  plotBottom,
  plotLeft,
  plotRight,
  plotTop,
  svg,
  xAxis,
  yAxis,
  type ChartBox,
} from './frame.js';
import { linearScale, niceMax, niceTicks } from './scale.js';

export interface RatePoint {
  /** Start of the bucket (ISO timestamp). */
  readonly at: string;
  /** Share of the bucket's transactions flagged as fraud, 0..1. */
  readonly rate: number;
  readonly transactions: number;
}

const timeLabel = (ms: number, spanMs: number): string => {
  const iso = new Date(ms).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(5, 10) : iso.slice(11, 16);
};

export function renderFraudRateChart(points: readonly RatePoint[], box: ChartBox = DEFAULT_BOX): string {
  const title = 'Fraud rate over time';
  const data = points
    .map((p) => ({ t: Date.parse(p.at), rate: p.rate, n: p.transactions }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.rate))
    .sort((a, b) => a.t - b.t);
  if (data.length === 0) return emptyChart(box, title, 'No transactions in this window yet');

  const t0 = data[0]!.t;
  const t1 = data.at(-1)!.t;
  const maxRate = niceMax(Math.max(...data.map((p) => p.rate)));
  const x = linearScale([t0, t1], [plotLeft(box), plotRight(box)]);
  const y = linearScale([0, maxRate], [plotBottom(box), plotTop(box)]);
  const line = data.map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(x(p.t))},${fixed(y(p.rate))}`).join('');
  const area = `${line}L${fixed(x(t1))},${plotBottom(box)}L${fixed(x(t0))},${plotBottom(box)}Z`;
  const xTicks = niceTicks(t0, t1, 6).filter((t) => t >= t0 && t <= t1);
  const peak = data.reduce((a, b) => (b.rate > a.rate ? b : a));
  const total = data.reduce((sum, p) => sum + p.n, 0);
  const description =
    `${data.length} buckets, ${total} transactions; latest rate ${formatPercent(data.at(-1)!.rate, 2)}, ` +
    `peak ${formatPercent(peak.rate, 2)} at ${new Date(peak.t).toISOString()}`;
  const dots = data
    .map(
      (p) =>
        `<circle class="point" cx="${fixed(x(p.t))}" cy="${fixed(y(p.rate))}" r="2.5"><title>${new Date(p.t).toISOString()}: ${formatPercent(p.rate, 2)} of ${p.n}</title></circle>`,
    )
    .join('');
  return svg(
    box,
    title,
    description,
    yAxis(box, y, niceTicks(0, maxRate, 4), (v) => formatPercent(v, maxRate < 0.05 ? 1 : 0)) +
      xAxis(box, x, xTicks.length > 0 ? xTicks : [t0, t1], (v) => timeLabel(v, t1 - t0)) +
      `<path class="area" d="${area}"/><path class="line" d="${line}"/>${data.length <= 120 ? dots : ''}`,
  );
}
