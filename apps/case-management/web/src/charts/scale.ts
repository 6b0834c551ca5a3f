// Linear scales and "nice" ticks for the hand-written SVG charts (no chart library: the console is
// bundled for air-gapped banks and must stay small).

export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; a degenerate domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = (value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain, range });
}

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 times a power of ten). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

/** The upper end of a y axis: the data maximum rounded up to the next tick, never zero. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const ticks = niceTicks(0, max, 4);
  const last = ticks.at(-1) ?? max;
  return last >= max ? last : last + (ticks[1] ?? max);
}

/**
 * Counts on a log scale (log10(1 + count)), for distributions where one bin dwarfs the rest: a
 * fraud score histogram has most traffic near 0 and the bins an analyst cares about in the tail.
 */
export function logCountScale(maxCount: number, range: readonly [number, number]): Scale {
  const top = Math.log10(1 + Math.max(1, maxCount));
  const [r0, r1] = range;
  const scale = (value: number) => r0 + (Math.log10(1 + Math.max(0, value)) / top) * (r1 - r0);
  return Object.assign(scale, { domain: [0, maxCount] as const, range });
}

/** 0 and the powers of ten up to `maxCount`: the ticks of a log count axis. */
export function logCountTicks(maxCount: number): number[] {
  const ticks = [0];
  for (let power = 1; power <= maxCount; power *= 10) ticks.push(power);
  return ticks;
}
