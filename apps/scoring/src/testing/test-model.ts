// A real ONNX model for scoring's tests and benchmark, trained once on simulated traffic and kept in
// the temp folder (suites share it; the name carries the feature spec so a spec change retrains).
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FEATURE_SPEC_VERSION, trainModels } from '#ml';
import { createSimulation } from '#simulator';

export async function ensureTestModel(): Promise<string> {
  const folder = path.join(os.tmpdir(), 'fraud-platform-scoring-model');
  const modelPath = path.join(folder, `test-${FEATURE_SPEC_VERSION}.onnx`);
  const metadataPath = modelPath.replace(/\.onnx$/, '.json');
  if (existsSync(modelPath) && existsSync(metadataPath)) return modelPath;
  await mkdir(folder, { recursive: true });
  const simulation = createSimulation({ seed: 7, fraudShare: 0.02, start: new Date('2025-01-01T00:00:00Z') });
  const data = simulation
    .take(20_000)
    .map(({ transaction, label }) => ({ transaction, isFraud: label.isFraud }));
  const { chosen } = trainModels(data, {
    seed: 7,
    source: 'scoring tests (simulator seed 7)',
    trees: 20,
    depth: 3,
  });
  // Write beside, then rename: suites starting together never read a half-written file.
  const suffix = `${process.pid}-${Date.now()}`;
  await writeFile(`${metadataPath}.${suffix}`, JSON.stringify(chosen.metadata));
  await writeFile(`${modelPath}.${suffix}`, chosen.onnx);
  await rename(`${metadataPath}.${suffix}`, metadataPath);
  await rename(`${modelPath}.${suffix}`, modelPath);
  return modelPath;
}
