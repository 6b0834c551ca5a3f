// The slice of onnx.proto (ONNX IR) our exporter writes, with the field numbers from
// github.com/onnx/onnx/blob/main/onnx/onnx.proto. Only what a small inference graph needs.
import { ProtobufWriter } from './protobuf-writer.js';

export const ELEM_FLOAT = 1;

export type Attribute =
  | { readonly name: string; readonly kind: 'int'; readonly value: number }
  | { readonly name: string; readonly kind: 'string'; readonly value: string }
  | { readonly name: string; readonly kind: 'floats'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly kind: 'ints'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly kind: 'strings'; readonly value: readonly string[] };

export interface OnnxNode {
  readonly opType: string;
  readonly domain?: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attribute[];
}

export interface FloatTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: ArrayLike<number>;
}

/** A float tensor graph input/output; a string dimension is symbolic (e.g. "N"). */
export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly (number | string)[];
  readonly doc?: string;
}

export interface OnnxModel {
  readonly producerVersion: string;
  readonly docString: string;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly FloatTensor[];
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly metadata: Readonly<Record<string, string>>;
}

const IR_VERSION = 8;
// AttributeProto.AttributeType
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

function writeAttribute(w: ProtobufWriter, a: Attribute): void {
  w.string(1, a.name);
  switch (a.kind) {
    case 'int':
      w.int(3, a.value).int(20, ATTR.INT);
      return;
    case 'string':
      w.string(4, a.value).int(20, ATTR.STRING);
      return;
    case 'floats':
      w.packedFloats(7, a.value).int(20, ATTR.FLOATS);
      return;
    case 'ints':
      w.packedInts(8, a.value).int(20, ATTR.INTS);
      return;
    case 'strings':
      for (const s of a.value) w.string(9, s);
      w.int(20, ATTR.STRINGS);
      return;
    default: {
      const unknown: never = a;
      throw new Error(`Unknown attribute ${JSON.stringify(unknown)}`);
    }
  }
}

function writeValueInfo(w: ProtobufWriter, info: TensorInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ELEM_FLOAT);
      tensor.message(2, (shape) => {
        for (const dim of info.shape) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
  if (info.doc) w.string(3, info.doc);
}

export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtobufWriter();
  w.int(1, IR_VERSION);
  w.string(2, 'fraud-platform libs/ml');
  w.string(3, model.producerVersion);
  w.string(6, model.docString);
  w.message(7, (graph) => {
    for (const node of model.nodes) {
      graph.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, node.name).string(4, node.opType);
        for (const attribute of node.attributes ?? []) n.message(5, (a) => writeAttribute(a, attribute));
        if (node.domain) n.string(7, node.domain);
      });
    }
    graph.string(2, model.graphName);
    for (const t of model.initializers) {
      graph.message(5, (tensor) =>
        tensor.packedInts(1, t.dims).int(2, ELEM_FLOAT).packedFloats(4, t.values).string(8, t.name),
      );
    }
    for (const input of model.inputs) graph.message(11, (v) => writeValueInfo(v, input));
    for (const output of model.outputs) graph.message(12, (v) => writeValueInfo(v, output));
  });
  for (const opset of model.opsets) w.message(8, (o) => o.string(1, opset.domain).int(2, opset.version));
  for (const [key, value] of Object.entries(model.metadata))
    w.message(14, (e) => e.string(1, key).string(2, value));
  return w.finish();
}
