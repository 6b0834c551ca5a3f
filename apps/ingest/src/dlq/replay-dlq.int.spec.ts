// DLQ replay through a real broker: valid-today messages go back onto `transactions` keyed by
// customer, invalid ones stay parked with reasons, a second run sees nothing new, a dry run changes
// nothing.
import { Kafka, logLevel } from 'kafkajs';
import { encodeMessage, KafkaTransactionBus, TRANSACTION_SCHEMA, type TopicNames } from '#messaging';
import { describeWithKafka, kafkaBrokers, uniqueTopic, waitFor } from '#testing';
import { replayDeadLetters } from './replay-dlq.js';

describeWithKafka('DLQ replay', () => {
  const prefix = uniqueTopic('dlq');
  const topics: TopicNames = {
    transactions: `${prefix}.transactions`,
    deadLetters: `${prefix}.transactions.dlq`,
    decisions: `${prefix}.decisions`,
    chargebacks: `${prefix}.chargebacks`,
  };
  const transaction = (id: string, amount: number) => ({
    schema: TRANSACTION_SCHEMA,
    transactionId: id,
    customerId: `c-${id}`,
    merchantId: 'm-1',
    merchantCategory: 'grocery',
    country: 'FR',
    amount,
    currency: 'EUR',
    occurredAt: '2026-11-25T10:00:00.000Z',
  });
  let bus: KafkaTransactionBus;

  beforeAll(async () => {
    bus = new KafkaTransactionBus({ brokers: kafkaBrokers(), topics, partitions: 2 });
    await bus.ensureTopics();
    await bus.publishDeadLetters([
      {
        original: { key: 'c-ok', value: encodeMessage(transaction('ok', 10)) },
        error: { message: 'rejected by an old rule' },
      },
      {
        original: { key: 'c-neg', value: encodeMessage(transaction('neg', -5)) },
        error: { message: 'amount must be > 0' },
      },
      { original: { key: null, value: Buffer.from('{not json') }, error: { message: 'not valid JSON' } },
    ]);
  });

  afterAll(async () => {
    await bus.close();
  });

  async function transactionsOnTopic(): Promise<Array<{ key: string | undefined; id: string }>> {
    const kafka = new Kafka({ clientId: 'dlq-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topics.transactions);
    await admin.disconnect();
    const expected = offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    const seen: Array<{ key: string | undefined; id: string }> = [];
    if (expected === 0) return seen;
    const consumer = kafka.consumer({ groupId: uniqueTopic('dlq-reader') });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.transactions, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const body = JSON.parse(message.value!.toString()) as { transactionId: string };
        seen.push({ key: message.key?.toString(), id: body.transactionId });
        await Promise.resolve();
      },
    });
    await waitFor(() => seen.length >= expected, { what: 'the transactions topic' });
    await consumer.disconnect();
    return seen;
  }

  it('a dry run reports what it would do and changes nothing', async () => {
    const summary = await replayDeadLetters({
      brokers: kafkaBrokers(),
      topics,
      groupId: uniqueTopic('g'),
      dryRun: true,
    });
    expect(summary).toMatchObject({ replayed: 1, parked: 2 });
    expect(await transactionsOnTopic()).toEqual([]);
  });

  it('replays valid-today messages keyed by customer, parks the rest with reasons, and is not repeated', async () => {
    const groupId = uniqueTopic('replay');
    const first = await replayDeadLetters({ brokers: kafkaBrokers(), topics, groupId });
    expect(first.replayed).toBe(1);
    expect(first.parked).toBe(2);
    expect(Object.keys(first.parkedReasons).join(' | ')).toMatch(
      /amount.*\|.*not valid JSON|not valid JSON.*\|.*amount/,
    );
    expect(await transactionsOnTopic()).toEqual([{ key: 'c-ok', id: 'ok' }]);

    const second = await replayDeadLetters({ brokers: kafkaBrokers(), topics, groupId });
    expect(second).toEqual({ replayed: 0, parked: 0, parkedReasons: {} });
    expect(await transactionsOnTopic()).toHaveLength(1);
  });
});
