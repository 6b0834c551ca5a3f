// Champion and challenger side by side: for each rate (alert rate, precision, recall) one bar per
// model on a 0-100% axis. Pure: returns escaped SVG markup; a rate without an answer (no labelled
// alerts, no labelled fraud) is written "n/a" instead of a bar, never drawn as zero.
import { escapeXml, formatPercent } from '../ui/format.js';
import { emptyChart, fixed, svg, type ChartBox } from './frame.js';

export interface ComparedRate {
  readonly label: string;
  readonly champion: number | null;
  readonly challenger: number | null;
}

const BOX: ChartBox = { width: 640, height: 200, margin: { top: 28, right: 64, bottom: 12, left: 110 } };

export function renderModelComparison(
  rates: readonly ComparedRate[],
  versions: { readonly champion: string; readonly challenger: string },
): string {
  const title = `Champion ${versions.champion} vs challenger ${versions.challenger}`;
  if (rates.length === 0) return emptyChart(BOX, title, 'No shadow-scored transactions in this window');
  const plotWidth = BOX.width - BOX.margin.left - BOX.margin.right;
  const rowHeight = (BOX.height - BOX.margin.top - BOX.margin.bottom) / rates.length;
  const barHeight = Math.min(14, rowHeight / 2.6);
  const bar = (value: number | null, y: number, who: 'champion' | 'challenger') => {
    const text = value === null ? 'n/a' : formatPercent(value);
    const width = value === null ? 0 : Math.max(0, Math.min(1, value)) * plotWidth;
    return (
      `<rect class="bar ${who}" x="${BOX.margin.left}" y="${fixed(y)}" width="${fixed(width)}" height="${fixed(barHeight)}"/>` +
      `<text class="value" x="${fixed(BOX.margin.left + width + 4)}" y="${fixed(y + barHeight - 3)}">${escapeXml(text)}</text>`
    );
  };
  const rows = rates
    .map((rate, index) => {
      const top = BOX.margin.top + index * rowHeight + (rowHeight - 2 * barHeight - 2) / 2;
      return (
        `<g class="rate"><text class="rate-label" x="${BOX.margin.left - 8}" y="${fixed(top + barHeight + 4)}" text-anchor="end">${escapeXml(rate.label)}</text>` +
        bar(rate.champion, top, 'champion') +
        bar(rate.challenger, top + barHeight + 2, 'challenger') +
        '</g>'
      );
    })
    .join('');
  const legend =
    `<g class="legend"><rect class="bar champion" x="${BOX.margin.left}" y="6" width="12" height="10"/>` +
    `<text x="${BOX.margin.left + 16}" y="15">champion ${escapeXml(versions.champion)}</text>` +
    `<rect class="bar challenger" x="${BOX.margin.left + 200}" y="6" width="12" height="10"/>` +
    `<text x="${BOX.margin.left + 216}" y="15">challenger ${escapeXml(versions.challenger)}</text></g>`;
  const description = rates
    .map(
      (rate) =>
        `${rate.label}: champion ${rate.champion === null ? 'n/a' : formatPercent(rate.champion)}, challenger ${rate.challenger === null ? 'n/a' : formatPercent(rate.challenger)}`,
    )
    .join('; ');
  return svg(BOX, title, description, legend + rows);
}
