// Score distribution: one bar per bin of scoreDistribution(bins), with the current review and block
// thresholds drawn across it so an analyst sees how much of the traffic each would catch.
import { formatCount, formatScore, formatThreshold } from '../ui/format.js';
import {
  DEFAULT_BOX,
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
import { linearScale, logCountScale, logCountTicks, niceMax, niceTicks } from './scale.js';

export interface ScoreBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface Thresholds {
  readonly reviewThreshold: number;
  readonly blockThreshold: number;
}

/** Which band a bin sits in: bars are coloured by what the current policy does with those scores. */
export const bandOf = (bin: ScoreBin, t: Thresholds): 'approve' | 'review' | 'block' =>
  bin.from >= t.blockThreshold ? 'block' : bin.from >= t.reviewThreshold ? 'review' : 'approve';

/** Largest / smallest non-empty bin above which the count axis becomes logarithmic. */
export const LOG_SCALE_RATIO = 50;

export function renderScoreHistogram(
  bins: readonly ScoreBin[],
  thresholds: Thresholds | null,
  box: ChartBox = DEFAULT_BOX,
): string {
  const title = 'Score distribution';
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  if (bins.length === 0 || total === 0) return emptyChart(box, title, 'No scored transactions yet');

  const x = linearScale([0, 1], [plotLeft(box), plotRight(box)]);
  const largest = Math.max(...bins.map((b) => b.count));
  const smallest = Math.min(...bins.filter((b) => b.count > 0).map((b) => b.count));
  // When one bin holds most of the traffic (it usually does: most payments score near 0), a linear
  // axis flattens the tail the thresholds act on; a log axis keeps every non-empty bin visible.
  const logarithmic = largest / smallest > LOG_SCALE_RATIO;
  const maxCount = logarithmic ? largest : niceMax(largest);
  const y = logarithmic
    ? logCountScale(maxCount, [plotBottom(box), plotTop(box)])
    : linearScale([0, maxCount], [plotBottom(box), plotTop(box)]);
  const bars = bins
    .map((b) => {
      const band = thresholds ? bandOf(b, thresholds) : 'approve';
      const left = x(b.from);
      const width = Math.max(1, x(b.to) - left - 1);
      return (
        `<rect class="bar ${band}" x="${fixed(left)}" y="${fixed(y(b.count))}" width="${fixed(width)}" ` +
        `height="${fixed(plotBottom(box) - y(b.count))}"><title>${formatScore(b.from)}–${formatScore(b.to)}: ` +
        `${formatCount(b.count)}</title></rect>`
      );
    })
    .join('');
  const markers = thresholds
    ? verticalMarker(
        box,
        x(thresholds.reviewThreshold),
        `review ${formatThreshold(thresholds.reviewThreshold)}`,
        'review',
      ) +
      verticalMarker(
        box,
        x(thresholds.blockThreshold),
        `block ${formatThreshold(thresholds.blockThreshold)}`,
        'block',
      )
    : '';
  const above = (limit: number) => bins.filter((b) => b.from >= limit).reduce((s, b) => s + b.count, 0);
  const description = thresholds
    ? `${formatCount(total)} scored transactions; ${formatCount(above(thresholds.reviewThreshold))} at or above ` +
      `the review threshold ${thresholds.reviewThreshold}, ${formatCount(above(thresholds.blockThreshold))} at or ` +
      `above the block threshold ${thresholds.blockThreshold}`
    : `${formatCount(total)} scored transactions`;
  return svg(
    box,
    logarithmic ? `${title} (log scale)` : title,
    description,
    yAxis(box, y, logarithmic ? logCountTicks(maxCount) : niceTicks(0, maxCount, 4), formatCount) +
      xAxis(box, x, niceTicks(0, 1, 10), (v) => v.toFixed(1)) +
      bars +
      markers,
  );
}
