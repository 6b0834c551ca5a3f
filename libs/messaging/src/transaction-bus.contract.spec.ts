// The behaviour every TransactionBus adapter must have, run against each: the in-memory adapter as a
// unit suite, the Kafka adapter through a real broker. (A `.spec.ts` without a project suffix: Jest
// does not run it alone and the build leaves it out.)
import type { Transaction } from '#domain';
import { randomBytes } from 'node:crypto';
import { waitFor } from '#testing';
import { decodeMessage } from './contracts/codec.js';
import { chargebackMessage } from './contracts/chargeback.contract.js';
import { decisionMessage } from './contracts/decision.contract.js';
import { fromTransactionMessage, transactionMessage } from './contracts/transaction.contract.js';
import { DLQ_HEADERS, type TopicNames } from './topics.js';
import type {
  BusBatch,
  BusConsumer,
  BusMessage,
  PartitionAssignment,
  TransactionBus,
} from './transaction-bus.port.js';

export interface BusUnderTest {
  readonly bus: TransactionBus;
  readonly topics: TopicNames;
}

const suffix = () => randomBytes(4).toString('hex');

export const aTransaction = (overrides: Partial<Transaction> = {}): Transaction => ({
  transactionId: `tx-${suffix()}`,
  customerId: 'cus-1',
  merchantId: 'mer-1',
  merchantCategory: 'grocery',
  country: 'DE',
  amount: 12.5,
  currency: 'EUR',
  occurredAt: '2025-01-31T12:00:00.000Z',
  channel: 'card_present',
  ...overrides,
});

/** Collects messages of `topics` through a consumer of a fresh group until `count` arrived. */
async function collect(
  bus: TransactionBus,
  topics: string[],
  count: number,
  timeoutMs = 30_000,
): Promise<BusMessage[]> {
  const received: BusMessage[] = [];
  let done!: () => void;
  const enough = new Promise<void>((resolve) => (done = resolve));
  const consumer = await bus.consume({
    groupId: `collect-${suffix()}`,
    topics,
    handle: (batch) => {
      received.push(...batch.messages);
      if (received.length >= count) done();
      return Promise.resolve();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await enough;
  clearTimeout(timer);
  await consumer.stop();
  return received;
}

export function transactionBusContract(
  name: string,
  setup: () => Promise<BusUnderTest>,
  teardown: () => Promise<void>,
) {
  describe(`${name} TransactionBus contract`, () => {
    let subject: BusUnderTest;
    beforeEach(async () => {
      subject = await setup();
      await subject.bus.ensureTopics();
    });
    afterEach(async () => {
      await subject.bus.close();
      await teardown();
    });

    it('publishes transactions as transaction.v1 messages keyed by customer', async () => {
      const sent = [
        aTransaction({ customerId: 'cus-a' }),
        aTransaction({ customerId: 'cus-b', device: 'd1' }),
      ];
      await subject.bus.publishTransactions(sent);
      const received = await collect(subject.bus, [subject.topics.transactions], 2);
      expect(received.map((message) => message.key).sort()).toEqual(['cus-a', 'cus-b']);
      const decoded = received.map((message) => decodeMessage(transactionMessage, message.value));
      const transactions = decoded.map((result) =>
        result.ok ? fromTransactionMessage(result.message) : result.reason,
      );
      expect(transactions).toEqual(expect.arrayContaining(sent));
      expect(received[0]!.headers.schema).toBe('transaction.v1');
    });

    it("keeps one customer's transactions in one partition, in order", async () => {
      const sent = Array.from({ length: 30 }, (_, i) =>
        aTransaction({ customerId: `cus-${i % 3}`, amount: i + 1 }),
      );
      await subject.bus.publishTransactions(sent.slice(0, 15));
      await subject.bus.publishTransactions(sent.slice(15));
      const received = await collect(subject.bus, [subject.topics.transactions], 30);
      for (const customer of ['cus-0', 'cus-1', 'cus-2']) {
        const mine = received.filter((message) => message.key === customer);
        expect(new Set(mine.map((message) => message.partition)).size).toBe(1);
        const amounts = mine.map((message) => (JSON.parse(message.value.toString()) as Transaction).amount);
        expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
      }
    });

    it('redelivers a batch whose handler failed, and commits it once the handler resolves', async () => {
      await subject.bus.publishTransactions([aTransaction({ transactionId: 'tx-retry' })]);
      const deliveries: string[] = [];
      let failures = 0;
      let done!: () => void;
      const handled = new Promise<void>((resolve) => (done = resolve));
      const groupId = `retry-${suffix()}`;
      const consumer = await subject.bus.consume({
        groupId,
        topics: [subject.topics.transactions],
        handle: (batch: BusBatch) => {
          deliveries.push(...batch.messages.map((message) => message.offset));
          if (failures++ === 0) return Promise.reject(new Error('database unavailable'));
          done();
          return Promise.resolve();
        },
        onError: () => undefined,
      });
      await handled;
      await consumer.stop();
      expect(deliveries).toEqual(['0', '0']);
      // Committed: a restarted member of the group gets nothing more.
      await subject.bus.publishTransactions([aTransaction({ transactionId: 'tx-after' })]);
      const again: string[] = [];
      let gotNext!: () => void;
      const next = new Promise<void>((resolve) => (gotNext = resolve));
      const restarted = await subject.bus.consume({
        groupId,
        topics: [subject.topics.transactions],
        handle: (batch) => {
          again.push(
            ...batch.messages.map(
              (message) => (JSON.parse(message.value.toString()) as Transaction).transactionId,
            ),
          );
          gotNext();
          return Promise.resolve();
        },
      });
      await next;
      await restarted.stop();
      expect(again).toEqual(['tx-after']);
    });

    it('stops gracefully: the batch in hand finishes and is committed, the rest goes to the next member', async () => {
      await subject.bus.publishTransactions([aTransaction({ transactionId: 'tx-1' })]);
      const groupId = `stop-${suffix()}`;
      let release!: () => void;
      let started!: () => void;
      const inHandler = new Promise<void>((resolve) => (started = resolve));
      const first: string[] = [];
      const consumer = await subject.bus.consume({
        groupId,
        topics: [subject.topics.transactions],
        handle: async (batch) => {
          started();
          await new Promise<void>((resolve) => (release = resolve));
          first.push(...batch.messages.map((message) => message.offset));
        },
      });
      await inHandler;
      const stopping = consumer.stop();
      release();
      await stopping;
      expect(first).toEqual(['0']);
      await subject.bus.publishTransactions([aTransaction({ transactionId: 'tx-2' })]);
      const rest: string[] = [];
      let got!: () => void;
      const gotRest = new Promise<void>((resolve) => (got = resolve));
      const second = await subject.bus.consume({
        groupId,
        topics: [subject.topics.transactions],
        handle: (batch) => {
          rest.push(
            ...batch.messages.map(
              (message) => (JSON.parse(message.value.toString()) as Transaction).transactionId,
            ),
          );
          got();
          return Promise.resolve();
        },
      });
      await gotRest;
      await second.stop();
      expect(rest).toEqual(['tx-2']);
    });

    it("carries each partition's high watermark, so lag in messages is known", async () => {
      await subject.bus.publishTransactions(
        Array.from({ length: 5 }, (_, i) => aTransaction({ customerId: 'cus-hw', amount: i + 1 })),
      );
      const seen: { last: bigint; highWatermark: bigint }[] = [];
      const consumer = await subject.bus.consume({
        groupId: `hw-${suffix()}`,
        topics: [subject.topics.transactions],
        handle: (batch) => {
          seen.push({
            last: BigInt(batch.messages.at(-1)!.offset),
            highWatermark: BigInt(batch.highWatermark),
          });
          return Promise.resolve();
        },
      });
      try {
        await waitFor(() => seen.some((batch) => batch.last === 4n), { what: 'offset 4' });
      } finally {
        await consumer.stop();
      }
      for (const batch of seen) expect(batch.highWatermark).toBeGreaterThan(batch.last);
      expect(seen.at(-1)).toEqual({ last: 4n, highWatermark: 5n });
    });

    it('tells each member its partitions when it joins and whenever the group rebalances', async () => {
      const topic = subject.topics.transactions;
      const groupId = `assign-${suffix()}`;
      const latest = new Map<string, readonly PartitionAssignment[]>();
      const join = (member: string): Promise<BusConsumer> =>
        subject.bus.consume({
          groupId,
          topics: [topic],
          handle: () => Promise.resolve(),
          onAssignment: (assignment) => latest.set(member, assignment),
        });
      const mine = (member: string) =>
        latest.get(member)?.find((entry) => entry.topic === topic)?.partitions ?? [];
      const first = await join('first');
      const all = await waitFor(() => (mine('first').length > 1 ? [...mine('first')] : undefined), {
        what: 'the first assignment',
      });
      const second = await join('second');
      try {
        await waitFor(
          () => mine('second').length > 0 && mine('first').length + mine('second').length === all.length,
          { what: 'a rebalance over two members', timeoutMs: 45_000 },
        );
        expect([...mine('first'), ...mine('second')].sort((a, b) => a - b)).toEqual(all);
      } finally {
        await second.stop();
      }
      try {
        await waitFor(() => mine('first').length === all.length, {
          what: 'the partitions back with the first member',
          timeoutMs: 45_000,
        });
      } finally {
        await first.stop();
      }
    }, 120_000);

    it('publishes chargebacks, decisions and dead letters on their topics', async () => {
      await subject.bus.publishChargebacks([
        { transactionId: 'tx-9', customerId: 'cus-9', reportedAt: '2025-02-01T00:00:00Z', reason: 'fraud' },
      ]);
      await subject.bus.publishDecisions([
        {
          transactionId: 'tx-9',
          customerId: 'cus-9',
          decision: 'BLOCK',
          riskScore: 0.97,
          modelVersion: 'm1',
          policyVersion: 3,
          reasons: ['amount'],
          decidedAt: '2025-01-31T12:00:01Z',
        },
      ]);
      const original = Buffer.from('{not json');
      await subject.bus.publishDeadLetters([
        {
          original: {
            key: 'cus-9',
            value: original,
            topic: subject.topics.transactions,
            partition: 2,
            offset: '41',
          },
          error: { message: 'not valid JSON', code: 'BAD_MESSAGE', retriable: false },
        },
      ]);
      const [chargeback] = await collect(subject.bus, [subject.topics.chargebacks], 1);
      const [decision] = await collect(subject.bus, [subject.topics.decisions], 1);
      const [dead] = await collect(subject.bus, [subject.topics.deadLetters], 1);
      expect(decodeMessage(chargebackMessage, chargeback!.value)).toMatchObject({
        ok: true,
        message: { schema: 'chargeback.v1', transactionId: 'tx-9' },
      });
      expect(chargeback!.key).toBe('cus-9');
      expect(decodeMessage(decisionMessage, decision!.value)).toMatchObject({
        ok: true,
        message: { schema: 'decision.v1', decision: 'BLOCK' },
      });
      expect(dead!.value.equals(original)).toBe(true);
      expect(dead!.headers).toMatchObject({
        [DLQ_HEADERS.error]: 'not valid JSON',
        [DLQ_HEADERS.errorCode]: 'BAD_MESSAGE',
        [DLQ_HEADERS.retriable]: 'false',
        [DLQ_HEADERS.sourceTopic]: subject.topics.transactions,
        [DLQ_HEADERS.sourceOffset]: '41',
      });
    });
  });
}
