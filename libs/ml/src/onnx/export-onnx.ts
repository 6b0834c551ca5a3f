// Trained model -> ONNX bytes onnxruntime runs. The contract (docs/MODEL.md): one input `features`,
// float32 [N, F] in feature-spec order, raw values as computeFeatures writes them (standardisation
// is baked into the graph); one output `risk_score`, float32 [N, 1], the probability of fraud.
import { FEATURE_COUNT } from '../features/feature-spec.js';
import type { LogisticModel, TrainedModel, TreeEnsembleModel } from '../training/trained-model.js';
import { encodeOnnxModel, type OnnxModel, type OnnxNode } from './onnx-proto.js';

export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'risk_score';

export interface ExportOptions {
  readonly version: string;
  /** Stored in the model's own metadata_props too, so the file describes itself. */
  readonly featureSpecVersion: string;
  readonly featureNames: readonly string[];
}

export function exportOnnx(model: TrainedModel, options: ExportOptions): Uint8Array {
  const width = options.featureNames.length;
  if (width !== FEATURE_COUNT) {
    throw new Error(`Export got ${width} feature names; the feature spec has ${FEATURE_COUNT}.`);
  }
  const body = model.kind === 'logistic_regression' ? logisticGraph(model, width) : treeGraph(model);
  const onnx: OnnxModel = {
    producerVersion: options.version,
    docString: `Fraud risk model ${options.version} (${model.kind}). Input ${ONNX_INPUT}: float32 [N, ${width}] in feature spec ${options.featureSpecVersion} order. Output ${ONNX_OUTPUT}: float32 [N, 1], probability of fraud.`,
    opsets: [
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    graphName: 'fraud_risk',
    nodes: [
      ...body.nodes,
      { opType: 'Sigmoid', name: 'to_probability', inputs: ['logit'], outputs: [ONNX_OUTPUT] },
    ],
    initializers: body.initializers,
    inputs: [{ name: ONNX_INPUT, shape: ['N', width], doc: options.featureNames.join(',') }],
    outputs: [{ name: ONNX_OUTPUT, shape: ['N', 1], doc: 'probability of fraud, 0..1' }],
    metadata: {
      model_version: options.version,
      feature_spec_version: options.featureSpecVersion,
      feature_names: options.featureNames.join(','),
    },
  };
  return encodeOnnxModel(onnx);
}

type GraphBody = Pick<OnnxModel, 'nodes' | 'initializers'>;

/** logit = features · w' + b', with w'_j = w_j / std_j and b' = b − Σ w_j · mean_j / std_j. */
function logisticGraph(model: LogisticModel, width: number): GraphBody {
  const weights = new Float64Array(width);
  let bias = model.bias;
  model.columns.forEach((column, k) => {
    weights[column] = model.weights[k]! / model.stds[k]!;
    bias -= (model.weights[k]! * model.means[k]!) / model.stds[k]!;
  });
  return {
    nodes: [
      { opType: 'MatMul', name: 'weigh', inputs: [ONNX_INPUT, 'weights'], outputs: ['weighted'] },
      { opType: 'Add', name: 'add_bias', inputs: ['weighted', 'bias'], outputs: ['logit'] },
    ],
    initializers: [
      { name: 'weights', dims: [width, 1], values: weights },
      { name: 'bias', dims: [1], values: [bias] },
    ],
  };
}

/** ai.onnx.ml TreeEnsembleRegressor summing the trees' leaf log-odds onto the base score. */
function treeGraph(model: TreeEnsembleModel): GraphBody {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const values: number[] = [];
  const modes: string[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetWeights: number[] = [];
  model.trees.forEach((tree, t) =>
    tree.forEach((node, n) => {
      const leaf = node.feature < 0;
      treeIds.push(t);
      nodeIds.push(n);
      featureIds.push(leaf ? 0 : node.feature);
      values.push(leaf ? 0 : node.threshold);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      trueIds.push(leaf ? 0 : node.left);
      falseIds.push(leaf ? 0 : node.right);
      if (leaf) {
        targetTree.push(t);
        targetNode.push(n);
        targetWeights.push(node.value);
      }
    }),
  );
  const node: OnnxNode = {
    opType: 'TreeEnsembleRegressor',
    domain: 'ai.onnx.ml',
    name: 'trees',
    inputs: [ONNX_INPUT],
    outputs: ['logit'],
    attributes: [
      { name: 'n_targets', kind: 'int', value: 1 },
      { name: 'aggregate_function', kind: 'string', value: 'SUM' },
      { name: 'post_transform', kind: 'string', value: 'NONE' },
      { name: 'base_values', kind: 'floats', value: [model.baseScore] },
      { name: 'nodes_treeids', kind: 'ints', value: treeIds },
      { name: 'nodes_nodeids', kind: 'ints', value: nodeIds },
      { name: 'nodes_featureids', kind: 'ints', value: featureIds },
      { name: 'nodes_values', kind: 'floats', value: values },
      { name: 'nodes_modes', kind: 'strings', value: modes },
      { name: 'nodes_truenodeids', kind: 'ints', value: trueIds },
      { name: 'nodes_falsenodeids', kind: 'ints', value: falseIds },
      { name: 'target_treeids', kind: 'ints', value: targetTree },
      { name: 'target_nodeids', kind: 'ints', value: targetNode },
      { name: 'target_ids', kind: 'ints', value: targetTree.map(() => 0) },
      { name: 'target_weights', kind: 'floats', value: targetWeights },
    ],
  };
  return { nodes: [node], initializers: [] };
}
