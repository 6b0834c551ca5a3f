// Gradient-boosted trees for binary log-loss, histogram-based like LightGBM / XGBoost "hist":
// each column is cut at up to `bins` quantile edges taken from the data itself (float32 values, so
// the exported BRANCH_LEQ thresholds compare exactly as here), trees grow level by level, and a
// child's histogram is the parent's minus its sibling's. Deterministic for a given seed.
import { seeded } from './seeded.js';
import type { FeatureMatrix, TreeEnsembleModel, TreeNode } from './trained-model.js';

export interface BoostingOptions {
  readonly columns: readonly number[];
  readonly trees?: number;
  readonly depth?: number;
  readonly learningRate?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  readonly l2?: number;
  /** Minimum hessian sum in a child (XGBoost's min_child_weight). */
  readonly minChildWeight?: number;
  /** Share of rows each tree is grown on. */
  readonly rowSubsample?: number;
  readonly bins?: number;
  readonly seed?: number;
  readonly onTree?: (done: number, total: number) => void;
}

interface Grown {
  readonly rowsFrom: number;
  readonly rowsTo: number;
  readonly hist: Float64Array;
  readonly nodeId: number;
}

export function trainGradientBoosting(
  data: FeatureMatrix,
  labels: Uint8Array,
  options: BoostingOptions,
): TreeEnsembleModel {
  const { columns } = options;
  const treeCount = options.trees ?? 150;
  const depth = options.depth ?? 5;
  const rate = options.learningRate ?? 0.1;
  const lambda = options.l2 ?? 1;
  const minChild = options.minChildWeight ?? 1;
  const subsample = options.rowSubsample ?? 0.5;
  const random = seeded(options.seed ?? 1);
  const { count, width, rows } = data;
  const k = columns.length;

  const edges = columns.map((column) => binEdges(rows, width, count, column, options.bins ?? 64, random));
  const B = Math.max(...edges.map((e) => e.length + 1));
  const binned = new Uint8Array(count * k);
  for (let j = 0; j < k; j++) {
    const e = edges[j]!;
    for (let i = 0; i < count; i++) binned[i * k + j] = binOf(e, rows[i * width + columns[j]!]!);
  }

  let positives = 0;
  for (let i = 0; i < count; i++) positives += labels[i]!;
  const rateFraud = Math.min(Math.max(positives / count, 1e-6), 1 - 1e-6);
  const baseScore = Math.fround(Math.log(rateFraud / (1 - rateFraud)));
  const margin = new Float64Array(count).fill(baseScore);
  const grad = new Float64Array(count);
  const hess = new Float64Array(count);
  const index = new Uint32Array(count);
  const trees: TreeNode[][] = [];

  for (let t = 0; t < treeCount; t++) {
    let used = 0;
    for (let i = 0; i < count; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]!));
      grad[i] = p - labels[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-16);
      if (random() < subsample) index[used++] = i;
    }
    const nodes: (TreeNode & { bin: number; column: number })[] = [];
    const histogramOf = (from: number, to: number): Float64Array => {
      const hist = new Float64Array(k * B * 2);
      for (let r = from; r < to; r++) {
        const i = index[r]!;
        const g = grad[i]!;
        const h = hess[i]!;
        const o = i * k;
        for (let j = 0; j < k; j++) {
          const at = (j * B + binned[o + j]!) * 2;
          hist[at]! += g;
          hist[at + 1]! += h;
        }
      }
      return hist;
    };
    const leafValue = (hist: Float64Array): number => {
      let g = 0;
      let h = 0;
      for (let b = 0; b < B; b++) {
        g += hist[b * 2]!;
        h += hist[b * 2 + 1]!;
      }
      return Math.fround((-rate * g) / (h + lambda));
    };
    nodes.push({ feature: -1, threshold: 0, left: 0, right: 0, value: 0, bin: 0, column: 0 });
    let level: Grown[] = [{ rowsFrom: 0, rowsTo: used, hist: histogramOf(0, used), nodeId: 0 }];
    for (let d = 0; d <= depth; d++) {
      const next: Grown[] = [];
      for (const node of level) {
        const split = d < depth ? bestSplit(node.hist, k, B, lambda, minChild) : undefined;
        if (!split) {
          nodes[node.nodeId] = { ...nodes[node.nodeId]!, value: leafValue(node.hist) };
          continue;
        }
        // Partition the node's rows in place: left (bin <= split) first.
        let mid = node.rowsFrom;
        for (let r = node.rowsFrom; r < node.rowsTo; r++) {
          const i = index[r]!;
          if (binned[i * k + split.column]! <= split.bin) {
            index[r] = index[mid]!;
            index[mid++] = i;
          }
        }
        const leftSmaller = mid - node.rowsFrom <= node.rowsTo - mid;
        const small = leftSmaller ? histogramOf(node.rowsFrom, mid) : histogramOf(mid, node.rowsTo);
        const large = node.hist.map((v, a) => v - small[a]!);
        const leftId = nodes.length;
        const rightId = leftId + 1;
        nodes.push({ feature: -1, threshold: 0, left: 0, right: 0, value: 0, bin: 0, column: 0 });
        nodes.push({ feature: -1, threshold: 0, left: 0, right: 0, value: 0, bin: 0, column: 0 });
        nodes[node.nodeId] = {
          feature: columns[split.column]!,
          threshold: edges[split.column]![split.bin]!,
          left: leftId,
          right: rightId,
          value: 0,
          bin: split.bin,
          column: split.column,
        };
        next.push({
          rowsFrom: node.rowsFrom,
          rowsTo: mid,
          hist: leftSmaller ? small : large,
          nodeId: leftId,
        });
        next.push({ rowsFrom: mid, rowsTo: node.rowsTo, hist: leftSmaller ? large : small, nodeId: rightId });
      }
      level = next;
    }
    // Update every row's margin (not only the subsample) by walking the tree on bins.
    for (let i = 0; i < count; i++) {
      let node = nodes[0]!;
      while (node.feature >= 0)
        node = nodes[binned[i * k + node.column]! <= node.bin ? node.left : node.right]!;
      margin[i]! += node.value;
    }
    trees.push(
      nodes.map(({ feature, threshold, left, right, value }) => ({ feature, threshold, left, right, value })),
    );
    options.onTree?.(t + 1, treeCount);
  }
  return { kind: 'gradient_boosted_trees', baseScore, trees };
}

function bestSplit(
  hist: Float64Array,
  k: number,
  B: number,
  lambda: number,
  minChild: number,
): { column: number; bin: number } | undefined {
  let best: { column: number; bin: number } | undefined;
  let bestGain = 1e-9;
  for (let j = 0; j < k; j++) {
    let G = 0;
    let H = 0;
    for (let b = 0; b < B; b++) {
      G += hist[(j * B + b) * 2]!;
      H += hist[(j * B + b) * 2 + 1]!;
    }
    const parent = (G * G) / (H + lambda);
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < B - 1; b++) {
      gl += hist[(j * B + b) * 2]!;
      hl += hist[(j * B + b) * 2 + 1]!;
      const hr = H - hl;
      if (hl < minChild || hr < minChild) continue;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        best = { column: j, bin: b };
      }
    }
  }
  return best;
}

/** Up to `bins - 1` distinct cut values (data values, so exact in float32) at quantiles of a sample. */
function binEdges(
  rows: Float32Array,
  width: number,
  count: number,
  column: number,
  bins: number,
  random: () => number,
): number[] {
  const sampleSize = Math.min(count, 100_000);
  const sample = new Float32Array(sampleSize);
  for (let s = 0; s < sampleSize; s++) {
    const i = sampleSize === count ? s : Math.floor(random() * count);
    sample[s] = rows[i * width + column]!;
  }
  sample.sort();
  const edges: number[] = [];
  for (let q = 1; q < bins; q++) {
    const value = sample[Math.floor((q / bins) * (sampleSize - 1))]!;
    if (edges.length === 0 || value > edges[edges.length - 1]!) edges.push(value);
  }
  // The largest value never splits anything off; dropping it keeps every bin non-empty on the right.
  if (edges.length > 0 && edges[edges.length - 1]! >= sample[sampleSize - 1]!) edges.pop();
  return edges;
}

/** Smallest bin b with value <= edges[b]; edges.length when above them all. */
function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
