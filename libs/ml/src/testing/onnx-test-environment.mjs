// Jest environment for suites that run onnxruntime-node. The native binding creates its output
// arrays in Node's main realm, while onnxruntime-common checks them against the test sandbox's
// `Float32Array`, so every run fails ("A float32 tensor's data must be type of Float32Array").
// Sharing the main realm's typed-array constructors with the sandbox removes the mismatch.
// Use it with a docblock at the top of the spec: `@jest-environment ./libs/ml/src/testing/onnx-test-environment.mjs`.
import { TestEnvironment } from 'jest-environment-node';

const TYPED_ARRAYS = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}
