// `npm run train [-- options]`: generate labelled data with the simulator (or read --data FILE),
// train logistic regression and gradient-boosted trees on the same replayed features, compare them
// with the original pipeline's features on a later holdout, and write models/<version>.onnx + .json.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSimulation } from '#simulator';
import { parseFieldMap, readLabelledFile } from '../dataset/read-labelled-file.js';
import { trainModels, type LabelledTransaction } from '../training/train-pipeline.js';
import { formatReport } from './train-report.js';

const USAGE = `Usage: npm run train -- [options]
  --transactions N   simulated transactions to generate (default 1000000)
  --seed N           simulator and trainer seed (default 42)
  --data FILE        train on your own labelled .csv or .jsonl instead of the simulator
  --map F=COL,...    map your columns to transactionId, customerId, merchantId, merchantCategory,
                     country (or location), amount, occurredAt, label [, currency, channel, device]
  --out DIR          where to write <version>.onnx and .json (default models)
  --trees N          boosting rounds (default 100)
  --depth N          tree depth (default 5)
  --learning-rate X  boosting shrinkage (default 0.15)
  --promote          also copy the chosen model to DIR/current.onnx + current.json
  --with-challenger  also write the model that lost (its metadata has the same evaluation)
  --help`;

const say = (text: string): boolean => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transactions: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      data: { type: 'string' },
      map: { type: 'string', default: '' },
      out: { type: 'string', default: 'models' },
      trees: { type: 'string', default: '100' },
      depth: { type: 'string', default: '5' },
      'learning-rate': { type: 'string', default: '0.15' },
      promote: { type: 'boolean', default: false },
      'with-challenger': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    say(USAGE);
    return;
  }
  const count = positiveInteger('--transactions', values.transactions);
  const seed = positiveInteger('--seed', values.seed, true);
  const trees = positiveInteger('--trees', values.trees);
  const depth = positiveInteger('--depth', values.depth);
  const learningRate = Number(values['learning-rate']);
  if (!(learningRate > 0 && learningRate <= 1)) {
    throw new Error(`--learning-rate must be a number in (0, 1], got "${values['learning-rate']}".`);
  }
  const started = performance.now();
  const progress = progressLine();

  let data: LabelledTransaction[];
  let source: string;
  if (values.data) {
    const read = await readLabelledFile(values.data, parseFieldMap(values.map));
    say(`Read ${read.rows} rows from ${values.data}: ${read.data.length} usable, ${read.rejected} rejected.`);
    for (const [reason, { count: n, lines }] of Object.entries(read.reasons)) {
      say(`  ${n} rejected: ${reason} (lines ${lines.join(', ')}${n > lines.length ? ', ...' : ''})`);
    }
    data = read.data;
    source = `file ${path.basename(values.data)}`;
  } else {
    const simulation = createSimulation({ seed });
    data = new Array<LabelledTransaction>(count);
    for (let i = 0; i < count; i++) {
      const { transaction, label } = simulation.next();
      data[i] = { transaction, isFraud: label.isFraud };
      if (i % 50_000 === 0) progress('simulating', i, count);
    }
    progress('simulating', count, count);
    source = `simulator seed ${seed}`;
  }

  const result = trainModels(data, { seed, source, trees, depth, learningRate, onProgress: progress });
  progress.done();
  await mkdir(values.out, { recursive: true });
  const written: string[] = [];
  for (const candidate of values['with-challenger'] ? [result.chosen, result.challenger] : [result.chosen]) {
    const base = path.join(values.out, candidate.metadata.version);
    await writeFile(`${base}.onnx`, candidate.onnx);
    await writeFile(`${base}.json`, `${JSON.stringify(candidate.metadata, null, 2)}\n`);
    written.push(`${base}.onnx`);
  }
  if (values.promote) {
    const base = path.join(values.out, result.chosen.metadata.version);
    await copyFile(`${base}.onnx`, path.join(values.out, 'current.onnx'));
    await copyFile(`${base}.json`, path.join(values.out, 'current.json'));
  }
  say(formatReport(result));
  say(
    `Wrote ${written.join(' and ')}${values.promote ? `; ${values.out}/current.* now point at the chosen model` : ''}.`,
  );
  say(`Took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

function positiveInteger(flag: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new Error(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}".`);
  }
  return n;
}

/** One updating line on a terminal; a line per stage change (and every 25 %) in logs. */
function progressLine(): ((stage: string, done: number, total: number) => void) & { done(): void } {
  const tty = process.stderr.isTTY;
  let last = '';
  const update = (stage: string, done: number, total: number): void => {
    const percent = Math.floor((done / total) * 100);
    const text = `${stage.padEnd(24)} ${String(percent).padStart(3)}%`;
    if (tty) process.stderr.write(`\r${text}`);
    else if (`${stage}${Math.floor(percent / 25)}` !== last) process.stderr.write(`${text}\n`);
    last = `${stage}${Math.floor(percent / 25)}`;
  };
  return Object.assign(update, { done: () => (tty ? void process.stderr.write('\n') : undefined) });
}

main().catch((error: unknown) => {
  process.stderr.write(`train failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
