import type { Transaction } from '#domain';
import { describeWithKafka, kafkaBrokers, uniqueTopic } from '#testing';
import type { TopicNames } from '../topics.js';
import type { BusBatch } from '../transaction-bus.port.js';
import { aTransaction, transactionBusContract } from '../transaction-bus.contract.spec.js';
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

  it('hands a second batch over while the first runs, and delivers both again when the first fails', async () => {
    const topics = topicsForTest();
    const bus = new KafkaTransactionBus({ brokers: kafkaBrokers(), topics, partitions: 1 });
    const ids = (batch: BusBatch) =>
      batch.messages.map((message) => (JSON.parse(message.value.toString()) as Transaction).transactionId);
    try {
      await bus.ensureTopics();
      await bus.publishTransactions([aTransaction({ transactionId: 'a' })]);
      const deliveries: string[][] = [];
      let failFirst!: () => void;
      const firstMayFail = new Promise<void>((resolve) => (failFirst = resolve));
      let redelivered!: () => void;
      const again = new Promise<void>((resolve) => (redelivered = resolve));
      let firstArrived!: () => void;
      const first = new Promise<void>((resolve) => (firstArrived = resolve));
      const groupId = uniqueTopic('in-flight');
      const consumer = await bus.consume({
        groupId,
        topics: [topics.transactions],
        inFlightPerPartition: 2,
        handle: async (batch) => {
          deliveries.push(ids(batch));
          if (deliveries.length === 1) {
            firstArrived();
            await firstMayFail; // still running when the second batch is handed over
            throw new Error('database unavailable');
          }
          if (deliveries.length === 2) {
            failFirst(); // the second resolves, but the first fails: both come again
            return;
          }
          if (deliveries.flat().filter((id) => id === 'b').length >= 2) redelivered();
        },
        onError: () => undefined,
      });
      await first;
      await bus.publishTransactions([aTransaction({ transactionId: 'b' })]);
      await again;
      await consumer.stop();
      expect(deliveries.slice(0, 2)).toEqual([['a'], ['b']]);
      expect(deliveries.slice(2).flat()).toEqual(['a', 'b']);
      // Both committed after the redelivery: the group resumes after them.
      await bus.publishTransactions([aTransaction({ transactionId: 'c' })]);
      const next: string[] = [];
      let gotNext!: () => void;
      const arrived = new Promise<void>((resolve) => (gotNext = resolve));
      const restarted = await bus.consume({
        groupId,
        topics: [topics.transactions],
        handle: (batch) => {
          next.push(...ids(batch));
          gotNext();
          return Promise.resolve();
        },
      });
      await arrived;
      await restarted.stop();
      expect(next).toEqual(['c']);
    } finally {
      await bus.close();
    }
  }, 60_000);

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
