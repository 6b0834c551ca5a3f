// Through a real Kafka broker: what is posted arrives on `transactions` keyed by customer, bad
// payloads leave nothing on the topic, chargebacks flow to `chargebacks`.
import { randomBytes } from 'node:crypto';
import { type BusMessage, KafkaTransactionBus, type TopicNames } from '#messaging';
import { describeWithKafka, kafkaBrokers, uniqueTopic, waitFor } from '#testing';
import { startIngest, type IngestUnderTest } from './ingest-app.spec.js';

const transaction = (customerId: string, transactionId = `tx-${randomBytes(4).toString('hex')}`) => ({
  transactionId,
  customerId,
  merchantId: 'mer-1',
  merchantCategory: 'electronics',
  country: 'FR',
  amount: 999.99,
  currency: 'EUR',
  occurredAt: '2025-01-31T12:00:00+01:00',
});

describeWithKafka('ingest through Kafka', () => {
  let topics: TopicNames;
  let bus: KafkaTransactionBus;
  let ingest: IngestUnderTest;
  const received: BusMessage[] = [];
  let stopConsumer: () => Promise<void>;

  beforeAll(async () => {
    topics = {
      transactions: uniqueTopic('transactions'),
      deadLetters: uniqueTopic('transactions.dlq'),
      decisions: uniqueTopic('fraud-decisions'),
      chargebacks: uniqueTopic('chargebacks'),
    };
    bus = new KafkaTransactionBus({ brokers: kafkaBrokers(), topics, partitions: 3 });
    await bus.ensureTopics();
    ingest = await startIngest(bus);
    const consumer = await bus.consume({
      groupId: uniqueTopic('ingest-test'),
      topics: [topics.transactions, topics.chargebacks],
      handle: (batch) => {
        received.push(...batch.messages);
        return Promise.resolve();
      },
    });
    stopConsumer = () => consumer.stop();
  });
  afterAll(async () => {
    await stopConsumer();
    await ingest.close(); // closes the bus too
  });

  it('publishes posted transactions on the topic keyed by customer', async () => {
    const single = transaction('cus-a', 'tx-single');
    const batch = Array.from({ length: 20 }, (_, i) => transaction(`cus-${i % 4}`));
    expect((await ingest.post('/transactions', single)).status).toBe(202);
    expect((await ingest.post('/transactions/batch', { transactions: batch })).status).toBe(202);
    const onTopic = await waitFor(
      () => {
        const mine = received.filter((message) => message.topic === topics.transactions);
        return mine.length >= 21 ? mine : undefined;
      },
      { what: '21 transactions on the topic' },
    );
    const byId = new Map(
      onTopic.map((message) => [
        (JSON.parse(message.value.toString()) as { transactionId: string }).transactionId,
        message,
      ]),
    );
    expect(byId.get('tx-single')!.key).toBe('cus-a');
    for (const sent of batch) expect(byId.get(sent.transactionId)!.key).toBe(sent.customerId);
    expect(JSON.parse(byId.get('tx-single')!.value.toString())).toEqual({
      schema: 'transaction.v1',
      ...single,
    });
    // One customer, one partition.
    const partitions = onTopic
      .filter((message) => message.key === 'cus-1')
      .map((message) => message.partition);
    expect(new Set(partitions).size).toBe(1);
  });

  it('rejects bad payloads with named fields and puts nothing on the topic', async () => {
    const count = () => received.filter((message) => message.topic === topics.transactions).length;
    await waitFor(() => count() >= 21 || undefined);
    const before = count();
    const bad = await ingest.post('/transactions', { ...transaction('cus-x'), amount: 0, currency: 'XYZ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'amount',
      'currency',
    ]);
    const badBatch = await ingest.post('/transactions/batch', {
      transactions: [transaction('cus-y'), { ...transaction('cus-y'), country: 'XX' }],
    });
    expect(badBatch.status).toBe(400);
    // A marker posted after the bad ones arrives; nothing before it did.
    expect((await ingest.post('/transactions', transaction('cus-z', 'tx-marker'))).status).toBe(202);
    await waitFor(
      () => received.some((message) => message.value.toString().includes('tx-marker')) || undefined,
    );
    expect(count()).toBe(before + 1);
  });

  it('publishes chargebacks on the chargebacks topic', async () => {
    const response = await ingest.post('/chargebacks', {
      transactionId: 'tx-single',
      customerId: 'cus-a',
      reportedAt: '2025-02-15T10:00:00Z',
      reason: 'not me',
      amount: 999.99,
    });
    expect(response.status).toBe(202);
    const message = await waitFor(
      () => received.find((candidate) => candidate.topic === topics.chargebacks),
      { what: 'the chargeback' },
    );
    expect(message.key).toBe('cus-a');
    expect(JSON.parse(message.value.toString())).toMatchObject({
      schema: 'chargeback.v1',
      transactionId: 'tx-single',
      reason: 'not me',
    });
  });

  it('reports the bus in /ready', async () => {
    const ready = await waitFor(
      async () => {
        const response = await fetch(`${ingest.url}/ready`);
        return response.status === 200
          ? ((await response.json()) as { checks: Record<string, { ok: boolean }> })
          : undefined;
      },
      { what: '/ready 200' },
    );
    expect(ready.checks.bus).toMatchObject({ ok: true });
  });
});
