// The limits of the pipeline's parts on the same data, measured in the same run as the pipeline so
// the ratio survives a noisy machine: raw kafkajs produce and consume of the same messages (no
// processing), raw batched PostgreSQL inserts of the same events (multi-row INSERT and COPY, into a
// bare table with no index but the primary key), the event store's own appendMany (reused from the
// scoring bench) and raw onnxruntime-node batch scoring of the same transactions.
import { spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import type { Transaction } from '#domain';
import { encodeMessage, toTransactionMessage } from '#messaging';
import { computeFeatures, FEATURE_NAMES, InMemoryFeatureState, loadModel } from '#ml';
import { transactionFacts } from '../../apps/scoring/src/pipeline/transaction-facts.js';

export { rawAppendRate } from '../scoring/raw-limits.js';

/** The bytes the ingest / simulator producers put on `transactions` (key customerId, v1 JSON). */
export const transactionMessages = (transactions: readonly Transaction[]) =>
  transactions.map((transaction) => ({
    key: transaction.customerId,
    value: encodeMessage(toTransactionMessage(transaction)),
    headers: { schema: 'transaction.v1' },
  }));

/** Raw kafkajs producer, acks=all, 5,000 messages a send: messages/s to `topic` (which it fills). */
export async function rawProduce(brokers: string[], topic: string, transactions: readonly Transaction[]) {
  const kafka = new Kafka({ brokers, clientId: 'bench-e2e-raw', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = transactionMessages(transactions);
  const began = performance.now();
  try {
    const inFlight: Promise<unknown>[] = [];
    for (let start = 0; start < messages.length; start += 5_000) {
      inFlight.push(producer.send({ topic, acks: -1, messages: messages.slice(start, start + 5_000) }));
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
    return messages.length / ((performance.now() - began) / 1000);
  } finally {
    await producer.disconnect();
  }
}

/** Raw kafkajs consumer with a no-op eachBatch: messages/s for the whole topic, group join included. */
export async function rawConsume(brokers: string[], topic: string, count: number): Promise<number> {
  const kafka = new Kafka({ brokers, clientId: 'bench-e2e-raw', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `raw-${Date.now().toString(36)}`, maxBytes: 10 * 2 ** 20 });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const began = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= count) done();
      return Promise.resolve();
    },
  });
  await all;
  const rate = count / ((performance.now() - began) / 1000);
  await consumer.disconnect();
  return rate;
}

interface EventRow {
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  data: string;
  metadata: string;
}

/** The events scoring appends for these transactions (Received + Scored, + FraudSuspected for 2%). */
function eventRows(transactions: readonly Transaction[]): EventRow[] {
  const features = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i / 7]));
  const reasons = [0, 1, 2].map((i) => ({
    feature: FEATURE_NAMES[i]!,
    description: 'why',
    contribution: 0.1,
  }));
  const policy = { reviewThreshold: 0.5, blockThreshold: 0.9, version: 0, isBlocked: () => false };
  const at = new Date().toISOString();
  return transactions.flatMap((transaction, i) => {
    const { transactionStream } = transactionFacts(
      { transaction, riskScore: i % 50 === 0 ? 0.7 : 0.1, features, reasons },
      { policy, modelVersion: 'raw', receivedAt: at, scoredAt: at },
    );
    return transactionStream.events.map((event, version) => ({
      eventId: event.eventId,
      streamId: transactionStream.streamId,
      version,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
    }));
  });
}

const RAW_TABLE = `(global_position bigserial PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL,
  stream_version int NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`;
const COLUMNS = 'event_id, stream_id, stream_version, type, data, metadata';

/** Events/s and tx/s of multi-row INSERTs (1,000 rows a statement, one connection, one commit each). */
export async function rawInsert(databaseUrl: string, transactions: readonly Transaction[]) {
  const rows = eventRows(transactions);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE raw_insert ${RAW_TABLE}`);
    const began = performance.now();
    for (let start = 0; start < rows.length; start += 1_000) {
      const slice = rows.slice(start, start + 1_000);
      const values = slice.map(
        (_, i) => `($${i * 6 + 1},$${i * 6 + 2},$${i * 6 + 3},$${i * 6 + 4},$${i * 6 + 5},$${i * 6 + 6})`,
      );
      const params = slice.flatMap((r) => [r.eventId, r.streamId, r.version, r.type, r.data, r.metadata]);
      await client.query(`INSERT INTO raw_insert (${COLUMNS}) VALUES ${values.join(',')}`, params);
    }
    const seconds = (performance.now() - began) / 1000;
    return { eventsPerSecond: rows.length / seconds, txPerSecond: transactions.length / seconds };
  } finally {
    await client.end();
  }
}

/** COPY text format: backslashes doubled (JSON has no raw tabs or newlines). */
const copyField = (value: string | number) => String(value).replaceAll('\\', '\\\\');

/**
 * Events/s and tx/s of one client-side COPY FROM STDIN of all the events (psql's `\copy`, since the
 * project has no COPY-stream client; psql's start-up, ~20 ms, is inside the time).
 */
export async function rawCopy(databaseUrl: string, transactions: readonly Transaction[]) {
  const rows = eventRows(transactions);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`CREATE TABLE raw_copy ${RAW_TABLE}`);
  await client.end();
  const text = rows
    .map((r) => [r.eventId, r.streamId, r.version, r.type, r.data, r.metadata].map(copyField).join('\t'))
    .join('\n');
  const began = performance.now();
  const psql = spawn(
    'psql',
    [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy raw_copy (${COLUMNS}) FROM STDIN`],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  psql.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  psql.stdin.end(`${text}\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    psql.once('error', reject);
    psql.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(`psql \\copy failed (exit ${code}; not retriable, check psql is installed): ${errors}`);
  const seconds = (performance.now() - began) / 1000;
  return { eventsPerSecond: rows.length / seconds, txPerSecond: transactions.length / seconds };
}

/** Raw onnxruntime-node scoring, batches of 2,000 (scoring's slice), one thread; features precomputed. */
export async function rawOnnx(modelPath: string, transactions: readonly Transaction[]) {
  const model = await loadModel(modelPath, { threads: 1 });
  try {
    const state = new InMemoryFeatureState();
    const batches: ReturnType<typeof computeFeatures>[] = [];
    const featuresBegan = performance.now();
    for (let start = 0; start < transactions.length; start += 2_000)
      batches.push(computeFeatures(transactions.slice(start, start + 2_000), state, model.encodings));
    const featureSeconds = (performance.now() - featuresBegan) / 1000;
    const began = performance.now();
    for (const rows of batches) await model.score(rows);
    const onnxSeconds = (performance.now() - began) / 1000;
    return {
      onnxPerSecond: transactions.length / onnxSeconds,
      featuresAndOnnxPerSecond: transactions.length / (onnxSeconds + featureSeconds),
    };
  } finally {
    await model.close();
  }
}
