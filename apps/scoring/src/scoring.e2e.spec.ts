// The built scoring service as real processes against real Kafka and PostgreSQL: every transaction
// scored exactly once (one TransactionScored per transaction, none missing), alerts exactly for the
// suspected ones, decisions published, poison messages dead-lettered while traffic flows, and the
// same guarantee when a process is SIGKILLed mid-stream, alone or as one of three in a group.
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import type { Transaction } from '#domain';
import { KafkaTransactionBus } from '#messaging';
import { createSimulation } from '#simulator';
import {
  createTestDatabase,
  describeWithKafka,
  kafkaBrokers,
  type TestDatabase,
  uniqueTopic,
  waitFor,
} from '#testing';
import {
  freePort,
  type ServiceProcess,
  startServiceProcess,
  waitForHealth,
} from '../../../test/services/service-process.js';
import { prefixedTopics } from './scoring.module.js';
import { ensureTestModel } from './testing/test-model.js';

interface Counts {
  scored: number;
  distinctScored: number;
  suspected: number;
  alerts: number;
  alertsForSuspected: number;
}

describeWithKafka('scoring service (processes, Kafka, PostgreSQL)', () => {
  let modelPath: string;
  let database: TestDatabase;
  let pool: pg.Pool;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    modelPath = await ensureTestModel();
  }, 180_000);

  beforeEach(async () => {
    database = await createTestDatabase('scoring_e2e');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((service) => service.stop()));
    await pool.end();
    await database.drop();
  });

  const traffic = (count: number, seed: number): Transaction[] =>
    createSimulation({ seed, fraudShare: 0.03, start: new Date('2025-04-01T00:00:00Z') })
      .take(count)
      .map(({ transaction }) => transaction);

  async function publish(prefix: string, transactions: readonly Transaction[]): Promise<void> {
    const bus = new KafkaTransactionBus({
      brokers: kafkaBrokers(),
      topics: prefixedTopics(prefix),
      partitions: 6,
    });
    try {
      await bus.ensureTopics();
      for (let start = 0; start < transactions.length; start += 2_000) {
        await bus.publishTransactions(transactions.slice(start, start + 2_000));
      }
    } finally {
      await bus.close();
    }
  }

  async function startScoring(prefix: string): Promise<ServiceProcess> {
    const port = await freePort();
    const service = startServiceProcess('scoring', {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      SCORING_PORT: String(port),
      MODEL_PATH: modelPath,
      SCORING_TOPIC_PREFIX: prefix,
      SCORING_GROUP_ID: `${prefix}scoring`,
      LOG_LEVEL: 'warn',
    });
    processes.push(service);
    await waitForHealth(port, service);
    return service;
  }

  async function counts(): Promise<Counts> {
    const exists = await pool.query("SELECT to_regclass('eventstore_events') IS NOT NULL AS ok");
    if (!(exists.rows[0] as { ok: boolean }).ok)
      return { scored: 0, distinctScored: 0, suspected: 0, alerts: 0, alertsForSuspected: 0 };
    const { rows } = await pool.query<Record<keyof Counts, string>>(`
      SELECT count(*) FILTER (WHERE type = 'TransactionScored') AS "scored",
             count(DISTINCT stream_id) FILTER (WHERE type = 'TransactionScored') AS "distinctScored",
             count(*) FILTER (WHERE type = 'FraudSuspected') AS "suspected",
             count(*) FILTER (WHERE type = 'AlertRaised') AS "alerts",
             (SELECT count(*) FROM eventstore_events f JOIN eventstore_events a
                ON a.stream_id = 'alert-' || substr(f.stream_id, 13) AND a.type = 'AlertRaised'
              WHERE f.type = 'FraudSuspected') AS "alertsForSuspected"
      FROM eventstore_events`);
    const row = rows[0]!;
    return Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, Number(value)]),
    ) as unknown as Counts;
  }

  const scoredAtLeast = (count: number, timeoutMs = 120_000) =>
    waitFor(async () => ((await counts()).scored >= count ? true : undefined), {
      timeoutMs,
      what: `${count} TransactionScored`,
    });

  async function expectExactlyOnce(total: number): Promise<void> {
    await scoredAtLeast(total, 180_000);
    // Alerts are appended just after their transactions' facts (docs/ARCHITECTURE.md, "Scoring"): a
    // worker killed between the two leaves the alerts to the redelivery, which comes when the group
    // notices (up to Kafka's session timeout). Wait for that healing, bounded, then check.
    await waitFor(
      async () => {
        const now = await counts();
        return now.alerts === now.suspected && now.alertsForSuspected === now.suspected ? true : undefined;
      },
      { timeoutMs: 120_000, what: 'one alert for every FraudSuspected' },
    ).catch(() => undefined); // the assertions below report the numbers
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // nothing more arrives
    const final = await counts();
    expect(final.scored).toBe(total);
    expect(final.distinctScored).toBe(total);
    expect(final.alerts).toBe(final.suspected);
    expect(final.alertsForSuspected).toBe(final.suspected);
  }

  async function readTopic(
    topic: string,
    expected: number,
  ): Promise<{ values: string[]; headers: Record<string, string>[] }> {
    const kafka = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: uniqueTopic('probe') });
    const values: string[] = [];
    const headers: Record<string, string>[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          values.push(message.value?.toString() ?? '');
          headers.push(
            Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          );
          return Promise.resolve();
        },
      });
      await waitFor(() => (values.length >= expected ? true : undefined), {
        timeoutMs: 60_000,
        what: `${expected} messages on ${topic}`,
      });
    } finally {
      await consumer.disconnect();
    }
    return { values, headers };
  }

  it('scores 10,000 transactions exactly once, alerts the suspected ones, publishes decisions and dead-letters poison', async () => {
    const prefix = `${uniqueTopic('e2e')}.`;
    const transactions = traffic(10_000, 101);
    await publish(prefix, transactions.slice(0, 5_000));
    const kafka = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}transactions`,
      messages: [
        { key: 'poison', value: '{"broken json' },
        { key: 'poison', value: JSON.stringify({ schema: 'transaction.v1', transactionId: 'p-1' }) },
        {
          key: 'poison',
          value: JSON.stringify({
            ...transactions[0],
            schema: 'transaction.v1',
            transactionId: 'p-2',
            amount: 'lots',
          }),
        },
        {
          key: 'poison',
          value: JSON.stringify({
            ...transactions[0],
            schema: 'transaction.v1',
            transactionId: 'p-3',
            amount: 1e12,
          }),
        },
      ],
    });
    await producer.disconnect();
    await publish(prefix, transactions.slice(5_000));
    await startScoring(prefix);

    await expectExactlyOnce(10_000);
    const { suspected } = await counts();
    expect(suspected).toBeGreaterThan(0);
    const decisions = await readTopic(`${prefix}fraud-decisions`, 10_000);
    expect(
      new Set(decisions.values.map((value) => (JSON.parse(value) as { transactionId: string }).transactionId))
        .size,
    ).toBe(10_000);
    const dlq = await readTopic(`${prefix}transactions.dlq`, 4);
    expect(dlq.values).toHaveLength(4);
    expect(dlq.headers.map((h) => h['x-error'])).toEqual([
      expect.stringContaining('not valid JSON'),
      expect.stringContaining('customerId'),
      expect.stringContaining('amount'),
      expect.stringContaining('amount'),
    ]);
  }, 300_000);

  it('still scores every transaction exactly once after a SIGKILL mid-stream and a restart (6,000 transactions)', async () => {
    const prefix = `${uniqueTopic('e2e')}.`;
    await publish(prefix, traffic(6_000, 202));
    const first = await startScoring(prefix);
    await scoredAtLeast(1_500);
    first.child.kill('SIGKILL');
    await first.stop();
    expect((await counts()).scored).toBeLessThan(6_000);
    await startScoring(prefix);
    await expectExactlyOnce(6_000);
  }, 300_000);

  it('still scores every transaction exactly once with three processes over 6 partitions, one SIGKILLed (6,000 transactions)', async () => {
    const prefix = `${uniqueTopic('e2e')}.`;
    await publish(prefix, traffic(6_000, 303));
    const [victim] = await Promise.all([startScoring(prefix), startScoring(prefix), startScoring(prefix)]);
    await scoredAtLeast(1_500);
    victim.child.kill('SIGKILL');
    await victim.stop();
    await expectExactlyOnce(6_000);
  }, 300_000);
});
