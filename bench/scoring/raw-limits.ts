// The raw limits the scoring pipeline is compared with in the same run: how fast the same bus
// adapter delivers the backlog to a handler that does nothing, and how fast the event store takes
// the same facts (TransactionReceived + TransactionScored, plus suspicions) in batches of 2,000
// streams over six concurrent writers, as six partitions would.
import pg from 'pg';
import type { Transaction } from '#domain';
import { migrate, PostgresEventStore } from '#eventstore';
import { KafkaTransactionBus, type TopicNames } from '#messaging';
import { FEATURE_NAMES } from '#ml';
import { transactionFacts } from '../../apps/scoring/src/pipeline/transaction-facts.js';

/** Messages/s from the backlog topic to a no-op handler, group join included (as the drain). */
export async function rawConsumeRate(brokers: string[], topics: TopicNames, count: number): Promise<number> {
  const bus = new KafkaTransactionBus({ brokers, topics, clientId: 'bench-scoring-raw' });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const began = performance.now();
  const consumer = await bus.consume({
    groupId: `raw-${Date.now().toString(36)}`,
    topics: [topics.transactions],
    handle: (batch) => {
      seen += batch.messages.length;
      if (seen >= count) done();
      return Promise.resolve();
    },
  });
  await all;
  const seconds = (performance.now() - began) / 1000;
  await consumer.stop();
  await bus.close();
  return count / seconds;
}

/** Transactions/s of scoring's facts appended with appendMany (2,000 streams a call, 6 writers). */
export async function rawAppendRate(
  databaseUrl: string,
  transactions: readonly Transaction[],
): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6 });
  pool.on('error', () => undefined);
  await migrate(pool);
  const store = new PostgresEventStore({ pool, ownsPool: false });
  const features = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i / 7]));
  const reasons = [0, 1, 2].map((i) => ({
    feature: FEATURE_NAMES[i]!,
    description: 'why',
    contribution: 0.1,
  }));
  const policy = { reviewThreshold: 0.5, blockThreshold: 0.9, version: 0, isBlocked: () => false };
  const requests = transactions.map((transaction, i) => {
    const at = new Date().toISOString();
    return transactionFacts(
      {
        transaction: { ...transaction, transactionId: `raw-${transaction.transactionId}` },
        riskScore: i % 50 === 0 ? 0.7 : 0.1,
        features,
        reasons,
      },
      { policy, modelVersion: 'raw', receivedAt: at, scoredAt: at },
    ).transactionStream;
  });
  const began = performance.now();
  let next = 0;
  const writer = async () => {
    while (next < requests.length) {
      const slice = requests.slice(next, next + 2_000);
      next += 2_000;
      await store.appendMany(slice);
    }
  };
  await Promise.all(Array.from({ length: 6 }, writer));
  const seconds = (performance.now() - began) / 1000;
  await store.close(); // its last NOTIFY goes out before the pool ends
  await pool.end();
  return transactions.length / seconds;
}
