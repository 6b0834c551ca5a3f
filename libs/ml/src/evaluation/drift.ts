// Population stability index: how far a window's distribution has moved from the baseline the
// model was validated on. Rule of thumb: < 0.1 stable, 0.1-0.25 watch, > 0.25 investigate/retrain.

export interface Histogram {
  /** Bin edges, ascending, `counts.length + 1` of them; values outside go to the end bins. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** `bins` equal-width bins over [0, 1]: the score histogram stored as the drift baseline. */
export function scoreHistogram(scores: ArrayLike<number>, bins = 20): Histogram {
  return histogram(
    scores,
    Array.from({ length: bins + 1 }, (_, k) => k / bins),
  );
}

/** Counts of `values` in the bins given by `edges` (lower edge inclusive; clamped at both ends). */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): Histogram {
  if (edges.length < 2) throw new Error('A histogram needs at least two edges.');
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = bins - 1;
    // Binary search for the last edge <= v.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]!++;
  }
  return { edges: [...edges], counts };
}

/** Bin edges at the baseline's quantiles (deduplicated), for features whose range is not [0, 1]. */
export function quantileEdges(values: ArrayLike<number>, bins = 10): number[] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) throw new Error('Cannot take quantiles of no values.');
  const edges = [Number.NEGATIVE_INFINITY];
  for (let k = 1; k < bins; k++) {
    const q = sorted[Math.floor((k / bins) * (sorted.length - 1))]!;
    if (q > edges[edges.length - 1]!) edges.push(q);
  }
  edges.push(Number.POSITIVE_INFINITY);
  return edges;
}

/** PSI = Σ (a − e) · ln(a / e) over bin shares; empty bins count as `epsilon` so the sum stays finite. */
export function populationStabilityIndex(
  baseline: readonly number[],
  actual: readonly number[],
  epsilon = 1e-4,
): number {
  if (baseline.length !== actual.length) {
    throw new Error(
      `Histograms have ${baseline.length} and ${actual.length} bins; compute both with the same edges.`,
    );
  }
  const total = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
  const b = total(baseline);
  const a = total(actual);
  if (b === 0 || a === 0) throw new Error('PSI needs a non-empty baseline and window.');
  let psi = 0;
  for (let k = 0; k < baseline.length; k++) {
    const e = Math.max(baseline[k]! / b, epsilon);
    const o = Math.max(actual[k]! / a, epsilon);
    psi += (o - e) * Math.log(o / e);
  }
  return psi;
}
