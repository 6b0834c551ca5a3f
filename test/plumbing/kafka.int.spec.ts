// Proves the Kafka plumbing: a kafkajs produce / consume round trip through the run's broker
// (started from tools/kafka unless KAFKA_BROKERS is set), with a consumer group and commits.
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { waitForTopicLeaders } from '#messaging';
import { describeWithKafka, kafkaBrokers, uniqueTopic, waitFor } from '#testing';

describeWithKafka('Kafka test plumbing', () => {
  const kafka = new Kafka({ clientId: 'plumbing-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const topic = uniqueTopic('plumbing');
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: false });
    await waitForTopicLeaders(admin, [topic]);
    await admin.disconnect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer.disconnect();
  });

  async function consumeAll(groupId: string, expected: number): Promise<string[]> {
    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          seen.push(message.value?.toString() ?? '');
          resolveOffset(message.offset);
        }
        await consumer.commitOffsets([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: (Number(batch.lastOffset()) + 1).toString(),
          },
        ]);
      },
    });
    await waitFor(() => seen.length >= expected, { what: `${expected} messages on ${topic}` });
    await consumer.disconnect();
    return seen;
  }

  it('delivers every produced message, keyed messages in order per key', async () => {
    const messages = Array.from({ length: 300 }, (_, index) => ({
      key: `customer-${index % 7}`,
      value: JSON.stringify({ customer: `customer-${index % 7}`, index }),
    }));
    await producer.send({ topic, messages });

    const received = await consumeAll('plumbing-group', messages.length);
    expect(received).toHaveLength(messages.length);
    const perCustomer = new Map<string, number[]>();
    for (const value of received) {
      const { customer, index } = JSON.parse(value) as { customer: string; index: number };
      perCustomer.set(customer, [...(perCustomer.get(customer) ?? []), index]);
    }
    for (const indexes of perCustomer.values()) {
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    }
  });

  it('resumes a consumer group from its committed offsets', async () => {
    await producer.send({
      topic,
      messages: [{ key: 'late', value: JSON.stringify({ customer: 'late', index: 1 }) }],
    });
    const received = await consumeAll('plumbing-group', 1);
    expect(received).toEqual([JSON.stringify({ customer: 'late', index: 1 })]);
  });
});
