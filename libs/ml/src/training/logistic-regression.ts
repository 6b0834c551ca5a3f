// Regularised, class-weighted logistic regression fitted by Newton's method (IRLS). With ~20
// columns the Hessian is tiny, so each iteration is one pass over the data and convergence takes a
// handful of passes: exact, deterministic, and fast enough for millions of rows.
import type { FeatureMatrix, LogisticModel } from './trained-model.js';

export interface LogisticOptions {
  readonly columns: readonly number[];
  /** L2 penalty per (weighted) example on the standardised weights. */
  readonly l2?: number;
  /** Weight both classes equally in total (fraud is rare); false weighs every row 1. */
  readonly balanceClasses?: boolean;
  readonly maxIterations?: number;
}

export function trainLogisticRegression(
  data: FeatureMatrix,
  labels: Uint8Array,
  options: LogisticOptions,
): LogisticModel {
  const { columns } = options;
  const l2 = options.l2 ?? 1e-4;
  const { rows, width, count } = data;
  const k = columns.length;
  const d = k + 1; // last coefficient is the bias
  let positives = 0;
  for (let i = 0; i < count; i++) positives += labels[i]!;
  if (positives === 0 || positives === count) {
    throw new Error(`Training data has ${positives} frauds in ${count} rows; both classes are needed.`);
  }
  const wPos = options.balanceClasses === false ? 1 : count / (2 * positives);
  const wNeg = options.balanceClasses === false ? 1 : count / (2 * (count - positives));

  const means = new Float64Array(k);
  const stds = new Float64Array(k);
  for (let i = 0; i < count; i++) for (let j = 0; j < k; j++) means[j]! += rows[i * width + columns[j]!]!;
  for (let j = 0; j < k; j++) means[j]! /= count;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < k; j++) stds[j]! += (rows[i * width + columns[j]!]! - means[j]!) ** 2;
  }
  // A constant column gets std 1: its standardised value is 0 and its weight stays 0.
  for (let j = 0; j < k; j++) stds[j] = Math.sqrt(stds[j]! / count) || 1;

  const beta = new Float64Array(d);
  const z = new Float64Array(d);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const totalWeight = wPos * positives + wNeg * (count - positives);
  for (let iteration = 0; iteration < (options.maxIterations ?? 30); iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < count; i++) {
      let eta = beta[k]!;
      for (let j = 0; j < k; j++) {
        z[j] = (rows[i * width + columns[j]!]! - means[j]!) / stds[j]!;
        eta += beta[j]! * z[j]!;
      }
      z[k] = 1;
      const p = 1 / (1 + Math.exp(-eta));
      const y = labels[i]!;
      const w = y ? wPos : wNeg;
      const g = w * (p - y);
      const h = w * Math.max(p * (1 - p), 1e-12);
      for (let a = 0; a < d; a++) {
        gradient[a]! += g * z[a]!;
        const ha = h * z[a]!;
        for (let b = 0; b <= a; b++) hessian[a * d + b]! += ha * z[b]!;
      }
    }
    for (let a = 0; a < k; a++) {
      gradient[a]! += l2 * totalWeight * beta[a]!;
      hessian[a * d + a]! += l2 * totalWeight;
    }
    const step = solveSymmetric(hessian, gradient, d);
    let largest = 0;
    for (let a = 0; a < d; a++) {
      beta[a]! -= step[a]!;
      largest = Math.max(largest, Math.abs(step[a]!));
    }
    if (largest < 1e-7) break;
  }
  return {
    kind: 'logistic_regression',
    columns: [...columns],
    means: [...means].map(Math.fround),
    stds: [...stds].map(Math.fround),
    weights: [...beta.subarray(0, k)].map(Math.fround),
    bias: Math.fround(beta[k]!),
  };
}

/** Solves H x = g for symmetric positive-definite H (lower triangle filled) by Cholesky. */
function solveSymmetric(h: Float64Array, g: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * d + j]!;
      for (let m = 0; m < j; m++) sum -= l[i * d + m]! * l[j * d + m]!;
      // A tiny ridge keeps a degenerate column (all zeros) from breaking the factorisation.
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-10)) : sum / l[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = g[i]!;
    for (let m = 0; m < i; m++) sum -= l[i * d + m]! * y[m]!;
    y[i] = sum / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let m = i + 1; m < d; m++) sum -= l[m * d + i]! * x[m]!;
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}
