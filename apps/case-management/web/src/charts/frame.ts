// The common frame of every chart: a responsive SVG (viewBox), margins, axes with ticks, a title
// and a description for screen readers. Renderers return markup strings, so they are pure and
// unit-tested without a browser.
import { escapeXml } from '../ui/format.js';
import type { Scale } from './scale.js';

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  readonly margin: {
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly left: number;
  };
}

export const DEFAULT_BOX: ChartBox = {
  width: 640,
  height: 260,
  margin: { top: 16, right: 24, bottom: 36, left: 52 },
};

export const plotLeft = (box: ChartBox) => box.margin.left;
export const plotRight = (box: ChartBox) => box.width - box.margin.right;
export const plotTop = (box: ChartBox) => box.margin.top;
export const plotBottom = (box: ChartBox) => box.height - box.margin.bottom;

export const fixed = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The outer <svg>: scales with its container; title and desc make it one labelled image. */
export function svg(box: ChartBox, title: string, description: string, body: string): string {
  return (
    `<svg class="chart" viewBox="0 0 ${box.width} ${box.height}" role="img" ` +
    `preserveAspectRatio="xMidYMid meet" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title><desc>${escapeXml(description)}</desc>${body}</svg>`
  );
}

export function xAxis(
  box: ChartBox,
  x: Scale,
  ticks: readonly number[],
  label: (v: number) => string,
): string {
  const y = plotBottom(box);
  const marks = ticks
    .map(
      (t) =>
        `<g class="tick" transform="translate(${fixed(x(t))},${y})"><line y2="5"/>` +
        `<text y="18" text-anchor="middle">${escapeXml(label(t))}</text></g>`,
    )
    .join('');
  return `<g class="axis x-axis"><line x1="${plotLeft(box)}" x2="${plotRight(box)}" y1="${y}" y2="${y}"/>${marks}</g>`;
}

export function yAxis(
  box: ChartBox,
  y: Scale,
  ticks: readonly number[],
  label: (v: number) => string,
): string {
  const x = plotLeft(box);
  const marks = ticks
    .map(
      (t) =>
        `<g class="tick" transform="translate(${x},${fixed(y(t))})"><line x2="-5"/>` +
        `<line class="grid" x2="${plotRight(box) - x}"/>` +
        `<text x="-8" dy="4" text-anchor="end">${escapeXml(label(t))}</text></g>`,
    )
    .join('');
  return `<g class="axis y-axis"><line x1="${x}" x2="${x}" y1="${plotTop(box)}" y2="${plotBottom(box)}"/>${marks}</g>`;
}

/** A labelled vertical line across the plot (thresholds, the what-if marker). */
export function verticalMarker(box: ChartBox, x: number, label: string, cssClass: string): string {
  const top = plotTop(box);
  return (
    `<g class="marker ${cssClass}"><line x1="${fixed(x)}" x2="${fixed(x)}" y1="${top}" y2="${plotBottom(box)}"/>` +
    `<text x="${fixed(x + 4)}" y="${top + 10}">${escapeXml(label)}</text></g>`
  );
}

export const emptyChart = (box: ChartBox, title: string, why: string): string =>
  svg(
    box,
    title,
    why,
    `<text class="empty" x="${box.width / 2}" y="${box.height / 2}" text-anchor="middle">${escapeXml(why)}</text>`,
  );
