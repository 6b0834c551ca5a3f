import { describeWithKafka, kafkaBrokers, uniqueTopic } from '#testing';
import type { TopicNames } from '../topics.js';
import { transactionBusContract } from '../transaction-bus.contract.spec.js';
import { MessagingError } from '../messaging-error.js';
import { KafkaTransactionBus } from './kafka-bus.js';

const topicsForTest = (): TopicNames => ({
  transactions: uniqueTopic('transactions'),
  deadLetters: uniqueTopic('transactions.dlq'),
  decisions: uniqueTopic('fraud-decisions'),
  chargebacks: uniqueTopic('chargebacks'),
});

describeWithKafka('Kafka adapter', () => {
  transactionBusContract(
    'kafka',
    () => {
      const topics = topicsForTest();
      return Promise.resolve({
        bus: new KafkaTransactionBus({ brokers: kafkaBrokers(), topics, partitions: 3 }),
        topics,
      });
    },
    () => Promise.resolve(),
  );

  it('reports ready against a live broker', async () => {
    const bus = new KafkaTransactionBus({ brokers: kafkaBrokers(), topics: topicsForTest() });
    try {
      await expect(bus.check()).resolves.toMatchObject({ ok: true });
    } finally {
      await bus.close();
    }
  });
});

describe('Kafka adapter without a broker', () => {
  it('fails a publish with a retriable error naming the broker', async () => {
    const bus = new KafkaTransactionBus({
      brokers: ['127.0.0.1:1'],
      topics: topicsForTest(),
      publishTimeoutMs: 3_000,
    });
    const attempt = bus.publishTransactions([
      {
        transactionId: 't',
        customerId: 'c',
        merchantId: 'm',
        merchantCategory: 'x',
        country: 'DE',
        amount: 1,
        currency: 'EUR',
        occurredAt: '2025-01-01T00:00:00Z',
      },
    ]);
    await expect(attempt).rejects.toThrow(MessagingError);
    await expect(attempt).rejects.toMatchObject({
      retriable: true,
      message: expect.stringContaining('127.0.0.1:1') as unknown,
    });
    await expect(bus.check()).resolves.toMatchObject({ ok: false });
  }, 30_000);
});
