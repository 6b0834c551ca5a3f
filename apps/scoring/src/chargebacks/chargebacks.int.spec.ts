/**
 * @jest-environment ./libs/ml/src/testing/onnx-test-environment.mjs
 */
// The chargeback path end to end through the scoring service in-process, on real Kafka and
// PostgreSQL: `chargebacks` -> ChargebackReported on transaction-<id>, once however often the message
// is delivered, whether the transaction was scored before or arrives after its chargeback.
import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import type { Transaction } from '#domain';
import { PostgresEventStore, type RecordedEvent } from '#eventstore';
import { type Chargeback, KafkaTransactionBus } from '#messaging';
import {
  createTestDatabase,
  describeWithKafka,
  kafkaBrokers,
  type TestDatabase,
  uniqueTopic,
  waitFor,
} from '#testing';
import { ScoringWorker } from '../consumer/scoring-worker.js';
import { loadScoringConfig } from '../scoring.config.js';
import { prefixedTopics, ScoringModule } from '../scoring.module.js';
import { ensureTestModel } from '../testing/test-model.js';

const aTransaction = (transactionId: string, customerId: string): Transaction => ({
  transactionId,
  customerId,
  merchantId: 'mer-1',
  merchantCategory: 'electronics',
  country: 'DE',
  amount: 120,
  currency: 'EUR',
  occurredAt: '2025-06-01T10:00:00.000Z',
  channel: 'ecommerce',
});

const aChargeback = (
  transactionId: string,
  customerId: string,
  reportedAt = '2025-06-09T08:00:00.000Z',
): Chargeback => ({
  transactionId,
  customerId,
  reportedAt,
  reason: 'card not present fraud',
  amount: 120,
});

describeWithKafka('chargebacks through the scoring service (Kafka, PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let producer: KafkaTransactionBus;
  let store: PostgresEventStore;

  beforeAll(async () => {
    const modelPath = await ensureTestModel();
    database = await createTestDatabase('scoring_chargebacks');
    const prefix = `${uniqueTopic('cb')}.`;
    const config = loadScoringConfig({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      MODEL_PATH: modelPath,
      SCORING_TOPIC_PREFIX: prefix,
      SCORING_GROUP_ID: `${prefix}scoring`,
      KAFKA_PARTITIONS: '3',
      LOG_LEVEL: 'error',
    });
    producer = new KafkaTransactionBus({
      brokers: kafkaBrokers(),
      topics: prefixedTopics(prefix),
      partitions: 3,
    });
    await producer.ensureTopics();
    app = await NestFactory.create(ScoringModule.create(config), { logger: ['error'] });
    await app.init();
    await app.get(ScoringWorker).started;
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    store = new PostgresEventStore({ pool, ownsPool: true });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await producer?.close();
    await store?.close();
    await database?.drop();
  });

  const streamOf = (transactionId: string): Promise<RecordedEvent[]> =>
    store.readStream(`transaction-${transactionId}`);
  const typesOf = async (transactionId: string) => (await streamOf(transactionId)).map((event) => event.type);
  /** Waits until `transactionId`'s stream holds `type`. */
  const recorded = (transactionId: string, type: string) =>
    waitFor(async () => (await typesOf(transactionId)).includes(type) || undefined, {
      what: `${type} on transaction-${transactionId}`,
      timeoutMs: 60_000,
    });

  it('records a chargeback for a scored transaction once, however often it is delivered', async () => {
    await producer.publishTransactions([aTransaction('tx-cb-scored', 'cus-cb-1')]);
    await recorded('tx-cb-scored', 'TransactionScored');
    const chargeback = aChargeback('tx-cb-scored', 'cus-cb-1');
    await producer.publishChargebacks([chargeback]);
    await producer.publishChargebacks([chargeback, chargeback]); // redelivered, twice
    // Same customer, same partition, later offset: once it is recorded, the repeats were handled.
    await producer.publishChargebacks([aChargeback('tx-cb-sentinel-1', 'cus-cb-1')]);
    await recorded('tx-cb-sentinel-1', 'ChargebackReported');

    const events = await streamOf('tx-cb-scored');
    expect(events.filter((event) => event.type === 'ChargebackReported')).toHaveLength(1);
    expect(events.map((event) => event.type).slice(0, 2)).toEqual([
      'TransactionReceived',
      'TransactionScored',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'ChargebackReported',
      data: {
        transactionId: 'tx-cb-scored',
        reportedAt: chargeback.reportedAt,
        reason: chargeback.reason,
        amount: 120,
      },
    });
  }, 120_000);

  it('records a chargeback that arrives before its transaction, then scores the transaction after it', async () => {
    const chargeback = aChargeback('tx-cb-early', 'cus-cb-2');
    await producer.publishChargebacks([chargeback]);
    await recorded('tx-cb-early', 'ChargebackReported');
    await producer.publishChargebacks([chargeback]); // redelivered before the transaction arrives
    await producer.publishTransactions([aTransaction('tx-cb-early', 'cus-cb-2')]);
    await recorded('tx-cb-early', 'TransactionScored');
    await producer.publishChargebacks([chargeback]); // and once more after it was scored
    await producer.publishChargebacks([aChargeback('tx-cb-sentinel-2', 'cus-cb-2')]);
    await recorded('tx-cb-sentinel-2', 'ChargebackReported');

    const types = await typesOf('tx-cb-early');
    expect(types.filter((type) => type === 'ChargebackReported')).toHaveLength(1);
    expect(types.filter((type) => type === 'TransactionScored')).toHaveLength(1);
    expect(types.slice(0, 3)).toEqual(['ChargebackReported', 'TransactionReceived', 'TransactionScored']);
  }, 120_000);

  it('records distinct chargebacks of one transaction (different report times) each once', async () => {
    const first = aChargeback('tx-cb-two', 'cus-cb-3', '2025-06-09T08:00:00.000Z');
    const second = aChargeback('tx-cb-two', 'cus-cb-3', '2025-06-10T08:00:00.000Z');
    await producer.publishChargebacks([first, second, first, second]);
    await producer.publishChargebacks([aChargeback('tx-cb-sentinel-3', 'cus-cb-3')]);
    await recorded('tx-cb-sentinel-3', 'ChargebackReported');

    const reported = (await streamOf('tx-cb-two')).filter((event) => event.type === 'ChargebackReported');
    expect(reported.map((event) => (event.data as { reportedAt: string }).reportedAt)).toEqual([
      first.reportedAt,
      second.reportedAt,
    ]);
  }, 120_000);
});
