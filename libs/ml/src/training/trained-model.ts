// What the trainers produce: a tagged union the exporter, the reference predictor and the explainer
// switch over. Everything a model needs at prediction time is here; nothing refers to training data.

/** Rows as the feature pipeline writes them: row-major Float32Array, `width` values per row. */
export interface FeatureMatrix {
  readonly rows: Float32Array;
  readonly count: number;
  readonly width: number;
}

export interface LogisticModel {
  readonly kind: 'logistic_regression';
  /** Column indices of the feature row the model reads (a subset for the baseline). */
  readonly columns: readonly number[];
  /** Standardisation fitted on the training split: z = (x − mean) / std. */
  readonly means: readonly number[];
  readonly stds: readonly number[];
  /** Weights on standardised values, parallel to `columns`. */
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface TreeNode {
  /** Column index into the feature row, or -1 for a leaf. */
  readonly feature: number;
  /** Go to `left` when value <= threshold (float32, like ONNX BRANCH_LEQ). */
  readonly threshold: number;
  readonly left: number;
  readonly right: number;
  /** Leaf contribution to the log-odds (float32); 0 for a branch. */
  readonly value: number;
}

export interface TreeEnsembleModel {
  readonly kind: 'gradient_boosted_trees';
  /** Starting log-odds (the training fraud rate). */
  readonly baseScore: number;
  /** Each tree's nodes; node 0 is the root. */
  readonly trees: readonly (readonly TreeNode[])[];
}

export type TrainedModel = LogisticModel | TreeEnsembleModel;

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The trainer's own prediction (probability of fraud) for each row: what the ONNX export must reproduce. */
export function predict(model: TrainedModel, matrix: FeatureMatrix): Float32Array {
  const out = new Float32Array(matrix.count);
  const { rows, width } = matrix;
  switch (model.kind) {
    case 'logistic_regression': {
      for (let r = 0; r < matrix.count; r++) {
        let z = model.bias;
        for (let k = 0; k < model.columns.length; k++) {
          z +=
            (model.weights[k]! * (rows[r * width + model.columns[k]!]! - model.means[k]!)) / model.stds[k]!;
        }
        out[r] = sigmoid(z);
      }
      return out;
    }
    case 'gradient_boosted_trees': {
      for (let r = 0; r < matrix.count; r++) {
        let z = model.baseScore;
        const o = r * width;
        for (const tree of model.trees) {
          let node = tree[0]!;
          while (node.feature >= 0)
            node = tree[rows[o + node.feature]! <= node.threshold ? node.left : node.right]!;
          z += node.value;
        }
        out[r] = sigmoid(z);
      }
      return out;
    }
    default: {
      const unknown: never = model;
      throw new Error(`Unknown model kind ${JSON.stringify(unknown)}`);
    }
  }
}
