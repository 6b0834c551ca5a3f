/**
 * @jest-environment ./libs/ml/src/testing/onnx-test-environment.mjs
 */
// The batch pipeline over the in-memory event store and bus with the real ONNX scorer: facts per
// transaction, one alert per suspicion, exact features after a restart, policy changes per batch.
import { RISK_POLICY_STREAM, type Transaction } from '#domain';
import { ANY, InMemoryEventStore } from '#eventstore';
import { DLQ_HEADERS, InMemoryTransactionBus } from '#messaging';
import { FEATURE_COUNT } from '#ml';
import { createSimulation } from '#simulator';
import { Registry } from 'prom-client';
import { ScoringMetrics } from '../metrics/scoring-metrics.js';
import { loadScoringModel, type ScoringModel } from '../model/scoring-model.js';
import { InMemoryCustomerStateStore } from '../state/in-memory-customer-state-store.js';
import { buildPipeline, eventsOfType, rawMessage, toBatches } from '../testing/scoring-harness.js';
import { ensureTestModel } from '../testing/test-model.js';

let model: ScoringModel;
beforeAll(async () => {
  model = await loadScoringModel(await ensureTestModel());
}, 120_000);
afterAll(async () => {
  await model.close();
});

const traffic = (count: number, seed = 11): Transaction[] =>
  createSimulation({ seed, fraudShare: 0.05, start: new Date('2025-03-01T00:00:00Z') })
    .take(count)
    .map(({ transaction }) => transaction);

function world() {
  const store = new InMemoryEventStore();
  const bus = new InMemoryTransactionBus();
  const stateStore = new InMemoryCustomerStateStore();
  return { store, bus, stateStore };
}

async function decisionsOn(bus: InMemoryTransactionBus): Promise<number> {
  let count = 0;
  const consumer = await bus.consume({
    groupId: `probe-${Math.random()}`,
    topics: [bus.topics.decisions],
    handle: (batch) => {
      count += batch.messages.length;
      return Promise.resolve();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await consumer.stop();
  return count;
}

const featuresById = async (store: InMemoryEventStore) =>
  new Map(
    (await eventsOfType(store, 'TransactionScored')).map((event) => [
      (event.data as { transactionId: string }).transactionId,
      event.data.features,
    ]),
  );

describe('scoring pipeline', () => {
  it('records one TransactionScored per transaction and one alert per suspicion, even when a batch is delivered twice', async () => {
    const { store, bus, stateStore } = world();
    const pipeline = buildPipeline({ store, bus, stateStore, model });
    const batches = toBatches(traffic(2_000), 300);
    for (const batch of batches) await pipeline.handleTransactions(batch);
    for (const batch of batches.slice(0, 3)) await pipeline.handleTransactions(batch); // redelivery

    const scored = await eventsOfType(store, 'TransactionScored');
    expect(new Set(scored.map((event) => event.streamId)).size).toBe(2_000);
    expect(scored).toHaveLength(2_000);
    const suspected = await eventsOfType(store, 'FraudSuspected');
    const alerts = await eventsOfType(store, 'AlertRaised');
    expect(suspected.length).toBeGreaterThan(0);
    expect(alerts.map((event) => event.streamId).sort()).toEqual(
      suspected.map((event) => `alert-${(event.data as { transactionId: string }).transactionId}`).sort(),
    );
    expect(await decisionsOn(bus)).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  it('observes the decision latency once the transaction streams are durable, not after the alerts and the publish', async () => {
    const { store, bus, stateStore } = world();
    const metrics = new ScoringMetrics(new Registry());
    // Given a bus whose decisions publish hangs until the test lets it go
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowBus = Object.create(bus) as InMemoryTransactionBus;
    slowBus.publishDecisions = async (decisions) => {
      await held;
      return bus.publishDecisions(decisions);
    };
    const pipeline = buildPipeline({ store, bus: slowBus, stateStore, model, metrics });
    const [batch] = toBatches(traffic(50, 5), 50);
    // When a batch is handed over and its transactions are recorded
    const handled = pipeline.handleTransactions(batch!);
    const count = async () =>
      (await metrics.latency.get()).values.find((value) => value.metricName?.endsWith('_count'))?.value ?? 0;
    for (const began = Date.now(); (await count()) < batch!.messages.length && Date.now() - began < 10_000;)
      await new Promise((resolve) => setTimeout(resolve, 5));
    // Then every transaction's latency is observed while the publish still hangs
    expect(await count()).toBe(batch!.messages.length);
    expect(await eventsOfType(store, 'TransactionScored')).toHaveLength(batch!.messages.length);
    release();
    await handled;
  });

  it('computes the same features after a restart with an empty, tiny cache as an uninterrupted run', async () => {
    const transactions = traffic(3_000, 23);
    const uninterrupted = world();
    const one = buildPipeline({ ...uninterrupted, model });
    for (const batch of toBatches(transactions, 250)) await one.handleTransactions(batch);

    const restarted = world();
    const offsets = new Map<number, number>();
    const before = buildPipeline({ ...restarted, model });
    for (const batch of toBatches(transactions.slice(0, 1_500), 250, offsets))
      await before.handleTransactions(batch);
    // A new process: nothing in memory, and a cache of 20 customers so most lookups are recoveries.
    const after = buildPipeline({ ...restarted, model, cacheCustomers: 20 });
    for (const batch of toBatches(transactions.slice(1_500), 250, offsets))
      await after.handleTransactions(batch);

    const expected = await featuresById(uninterrupted.store);
    const actual = await featuresById(restarted.store);
    expect(actual.size).toBe(3_000);
    for (const [id, features] of expected) expect(actual.get(id)).toEqual(features);
  }, 60_000);

  /** Features of `transactions` scored one batch at a time: what any overlap must reproduce. */
  async function scoredOneAtATime(transactions: Transaction[], batch: number, slice: number) {
    const reference = world();
    const sequential = buildPipeline({ ...reference, model, batchSize: slice });
    for (const each of toBatches(transactions, batch)) await sequential.handleTransactions(each);
    return featuresById(reference.store);
  }

  /** Every batch handed over at once (the bus allows a window; this is the extreme). */
  async function scoredAllAtOnce(
    transactions: Transaction[],
    batch: number,
    slice: number,
    cacheCustomers?: number,
  ) {
    const overlapping = world();
    const pipelined = buildPipeline({ ...overlapping, model, batchSize: slice, cacheCustomers });
    await Promise.all(toBatches(transactions, batch).map((each) => pipelined.handleTransactions(each)));
    return featuresById(overlapping.store);
  }

  it('gives the same features when the next batches of a partition arrive before the earlier ones resolved', async () => {
    const transactions = traffic(3_000, 29);
    const expected = await scoredOneAtATime(transactions, 250, 100);
    // Slices of a partition are scored, appended and finished in order, each building on the one before.
    const actual = await scoredAllAtOnce(transactions, 250, 100);
    expect(actual.size).toBe(3_000);
    for (const [id, features] of expected) expect(actual.get(id)).toEqual(features);
  }, 60_000);

  it('gives the same features with a cache too small for the slices in flight (evicted states wait for their save)', async () => {
    const transactions = traffic(2_000, 43);
    const expected = await scoredOneAtATime(transactions, 100, 50);
    const actual = await scoredAllAtOnce(transactions, 100, 50, 5);
    expect(actual.size).toBe(2_000);
    for (const [id, features] of expected) expect(actual.get(id)).toEqual(features);
  }, 60_000);

  it('merges the small slices of different partitions into shared appends and saves, with the same facts as slice by slice', async () => {
    const transactions = traffic(600, 31);
    const expected = await scoredOneAtATime(transactions, 3, 3);

    const { store, bus, stateStore } = world();
    // Each call takes a round trip (2 ms), as a database's would: slices arriving meanwhile queue.
    const roundTrip = () => new Promise((resolve) => setTimeout(resolve, 2));
    const appendCalls: string[][] = [];
    const spied = Object.create(store) as InMemoryEventStore;
    spied.appendMany = async (requests) => {
      appendCalls.push(requests.map((request) => request.streamId));
      await roundTrip();
      return store.appendMany(requests);
    };
    const saveCalls: number[] = [];
    const spiedState = Object.create(stateStore) as InMemoryCustomerStateStore;
    spiedState.save = async (writes) => {
      saveCalls.push(writes.length);
      await roundTrip();
      return stateStore.save(writes);
    };
    const pipeline = buildPipeline({ store: spied, bus, stateStore: spiedState, model, batchSize: 3 });
    const batches = toBatches(transactions, 3);
    await Promise.all(batches.map((batch) => pipeline.handleTransactions(batch)));

    const actual = await featuresById(store);
    expect(actual.size).toBe(600);
    for (const [id, features] of expected) expect(actual.get(id)).toEqual(features);
    const transactionCalls = appendCalls.filter((ids) => ids.some((id) => id.startsWith('transaction-')));
    expect(transactionCalls.length).toBeLessThan(batches.length / 2);
    expect(saveCalls.length).toBeLessThan(batches.length / 2);
    for (const ids of appendCalls) expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);

  it("fails only the slice whose data a merged append refuses, not the other partitions' slices merged with it", async () => {
    const transactions = traffic(300, 41);
    const { store, bus, stateStore } = world();
    const victim = transactions[200]!; // well into the run: its slice is merged with others'
    const poisoned = `transaction-${victim.transactionId}`;
    const picky = Object.create(store) as InMemoryEventStore;
    picky.appendMany = async (requests) => {
      await new Promise((resolve) => setTimeout(resolve, 2)); // a round trip: slices queue and merge
      if (requests.some((request) => request.streamId === poisoned)) throw new Error('refused by the store');
      return store.appendMany(requests);
    };
    const pipeline = buildPipeline({ store: picky, bus, stateStore, model, batchSize: 5 });
    const batches = toBatches(transactions, 5);
    const outcomes = await Promise.allSettled(batches.map((batch) => pipeline.handleTransactions(batch)));

    const failed = batches.filter((_, index) => outcomes[index]!.status === 'rejected');
    const poisonedBatch = batches.find((batch) =>
      batch.messages.some((message) => message.key === victim.customerId),
    )!;
    // The poisoned slice's batch fails, and with it only the batches of its own partition queued
    // behind it; every other partition's transactions are all recorded.
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((batch) => batch.partition))).toEqual(new Set([poisonedBatch.partition]));
    const scored = new Set((await eventsOfType(store, 'TransactionScored')).map((event) => event.streamId));
    const otherPartitions = transactions.filter((transaction) =>
      batches.some(
        (batch) =>
          batch.partition !== poisonedBatch.partition &&
          batch.messages.some((message) => message.key === transaction.customerId),
      ),
    );
    expect(otherPartitions.length).toBeGreaterThan(0);
    for (const transaction of otherPartitions)
      expect(scored.has(`transaction-${transaction.transactionId}`)).toBe(true);
  }, 60_000);

  it('fails the batches queued behind a failed append, appends nothing of theirs, and recovers when delivered again', async () => {
    const transactions = traffic(1_200, 37);
    const expected = await scoredOneAtATime(transactions, 200, 100);

    const { store, bus, stateStore } = world();
    let failNext = true;
    const flaky = Object.create(store) as InMemoryEventStore;
    flaky.appendMany = (requests) => {
      if (failNext && requests.some((request) => request.streamId.startsWith('transaction-'))) {
        failNext = false;
        return Promise.reject(new Error('database unavailable'));
      }
      return store.appendMany(requests);
    };
    const pipeline = buildPipeline({ store: flaky, bus, stateStore, model, batchSize: 100 });
    const batches = toBatches(transactions, 200).filter((batch) => batch.partition === 0);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    const outcomes = await Promise.allSettled(batches.map((batch) => pipeline.handleTransactions(batch)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(batches.map(() => 'rejected'));
    expect(await eventsOfType(store, 'TransactionScored')).toHaveLength(0);

    for (const batch of batches) await pipeline.handleTransactions(batch); // delivered again
    const actual = await featuresById(store);
    expect(actual.size).toBe(batches.reduce((sum, batch) => sum + batch.messages.length, 0));
    for (const [id, features] of actual) expect(features).toEqual(expected.get(id));
  }, 60_000);

  it('applies a threshold change from the next batch and blocks a blocked customer whatever the score', async () => {
    const { store, bus, stateStore } = world();
    const pipeline = buildPipeline({ store, bus, stateStore, model });
    const [first, second] = [traffic(200, 31).slice(0, 100), traffic(200, 31).slice(100)];
    const blockedCustomer = second[0]!.customerId;
    for (const batch of toBatches(first, 500)) await pipeline.handleTransactions(batch);
    await store.append(RISK_POLICY_STREAM, [policyChange(0, 0.999)], ANY);
    await store.append(`customer-${blockedCustomer}`, [customerBlocked(blockedCustomer)], ANY);
    for (const batch of toBatches(second, 500, new Map())) await pipeline.handleTransactions(batch);

    const scored = (await eventsOfType(store, 'TransactionScored')).map(
      (event) =>
        event.data as { transactionId: string; customerId: string; decision: string; policyVersion: number },
    );
    const later = scored.filter((data) => second.some((tx) => tx.transactionId === data.transactionId));
    expect(later.every((data) => data.policyVersion === 1)).toBe(true);
    expect(later.every((data) => data.decision !== 'APPROVE')).toBe(true); // review threshold 0
    expect(
      later.filter((data) => data.customerId === blockedCustomer).every((data) => data.decision === 'BLOCK'),
    ).toBe(true);
    const earlier = scored.filter((data) => first.some((tx) => tx.transactionId === data.transactionId));
    expect(earlier.every((data) => data.policyVersion === 0)).toBe(true);
  }, 60_000);

  it('runs features and the model while the policy read is under way, and decides once it is in', async () => {
    const { store, bus, stateStore } = world();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowPolicy = Object.create(store) as InMemoryEventStore;
    // The policy view's read is the feed's (filtered to risk-policy and customer streams).
    slowPolicy.readAll = (...args) => held.then(() => store.readAll(...args));
    let scoredRows = 0;
    const watched = Object.create(model) as ScoringModel;
    watched.score = (rows) => {
      scoredRows += rows.length / FEATURE_COUNT;
      return model.score(rows);
    };
    const pipeline = buildPipeline({ store: slowPolicy, bus, stateStore, model: watched });
    const transactions = traffic(50, 41);
    const handled = Promise.all(
      toBatches(transactions, 500).map((batch) => pipeline.handleTransactions(batch)),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scoredRows).toBe(transactions.length);
    expect(await eventsOfType(store, 'TransactionScored')).toHaveLength(0);

    await store.append(RISK_POLICY_STREAM, [policyChange(0, 0.999)], ANY); // before the read completes
    release();
    await handled;
    const scored = await eventsOfType(store, 'TransactionScored');
    expect(scored).toHaveLength(transactions.length);
    expect(scored.every((event) => (event.data as { policyVersion: number }).policyVersion === 1)).toBe(true);
  }, 60_000);

  it('fails the batch, with nothing appended, when its policy read fails while the model runs', async () => {
    const { store, bus, stateStore } = world();
    const broken = Object.create(store) as InMemoryEventStore;
    broken.readAll = () => Promise.reject(new Error('database unavailable'));
    const pipeline = buildPipeline({ store: broken, bus, stateStore, model });
    const [batch] = toBatches(traffic(20, 43), 500);
    await expect(pipeline.handleTransactions(batch!)).rejects.toThrow('database unavailable');
    expect(await eventsOfType(store, 'TransactionScored')).toHaveLength(0);
  }, 60_000);

  it('keeps the stored decision and raises no orphan alert when a redelivery would decide differently', async () => {
    const { store, bus, stateStore } = world();
    const pipeline = buildPipeline({ store, bus, stateStore, model });
    const batch = toBatches(traffic(50, 41), 500)[0]!;
    await store.append(RISK_POLICY_STREAM, [policyChange(1, 1)], ANY); // everything APPROVE
    await pipeline.handleTransactions(batch);
    await store.append(RISK_POLICY_STREAM, [policyChange(0, 1)], ANY); // everything REVIEW
    await pipeline.handleTransactions(batch);
    expect(await eventsOfType(store, 'FraudSuspected')).toHaveLength(0);
    expect(await eventsOfType(store, 'AlertRaised')).toHaveLength(0);
  }, 60_000);

  it('sends undecodable and invalid messages to the DLQ with the reason and scores the rest', async () => {
    const { store, bus, stateStore } = world();
    const pipeline = buildPipeline({ store, bus, stateStore, model });
    const valid = traffic(3, 51);
    const good = toBatches(valid, 10)[0]!;
    const poison = [
      Buffer.from('{not json'),
      Buffer.from(JSON.stringify({ schema: 'transaction.v1', transactionId: 'x1' })),
      Buffer.from(
        JSON.stringify({ ...valid[0], schema: 'transaction.v1', transactionId: 'x2', amount: 'ten' }),
      ),
      Buffer.from(
        JSON.stringify({ ...valid[0], schema: 'transaction.v1', transactionId: 'x3', amount: 1e300 }),
      ),
    ].map((value, index) => rawMessage(value, good.partition, 1_000 + index, 'k'));
    await pipeline.handleTransactions({ ...good, messages: [...poison, ...good.messages] });

    const dlq: { error: string; offset: string }[] = [];
    const consumer = await bus.consume({
      groupId: 'dlq-probe',
      topics: [bus.topics.deadLetters],
      handle: (batch) => {
        for (const message of batch.messages) {
          dlq.push({
            error: message.headers[DLQ_HEADERS.error]!,
            offset: message.headers[DLQ_HEADERS.sourceOffset]!,
          });
        }
        return Promise.resolve();
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await consumer.stop();
    expect(dlq.map((entry) => entry.offset)).toEqual(['1000', '1001', '1002', '1003']);
    expect(dlq[0]!.error).toContain('not valid JSON');
    expect(dlq[1]!.error).toContain('customerId');
    expect(dlq[2]!.error).toContain('amount');
    expect(dlq[3]!.error).toContain('amount');
    expect(await eventsOfType(store, 'TransactionScored')).toHaveLength(good.messages.length);
  }, 60_000);
});

function policyChange(reviewThreshold: number, blockThreshold: number) {
  return {
    eventId: crypto.randomUUID(),
    type: 'RiskThresholdsChanged',
    data: {
      reviewThreshold,
      blockThreshold,
      reason: 'test',
      changedBy: 'sup',
      changedAt: new Date().toISOString(),
    },
    metadata: { actor: 'system' as const, occurredAt: new Date().toISOString() },
    schemaVersion: 1,
  };
}

function customerBlocked(customerId: string) {
  return {
    eventId: crypto.randomUUID(),
    type: 'CustomerBlocked',
    data: { customerId, reason: 'test', by: 'analyst', at: new Date().toISOString() },
    metadata: { actor: 'system' as const, occurredAt: new Date().toISOString() },
    schemaVersion: 1,
  };
}
