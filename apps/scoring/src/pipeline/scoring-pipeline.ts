// One partition's batch of `transactions`, start to durable: decode (poison -> DLQ), features from
// recovered per-customer state, ONNX scores, decisions from the policy as of the slice's start, one
// appendMany of the transaction streams, then (together) one of the alerts, the customer state and
// the decisions published. It resolves only when all of that is durable; the bus commits the offset
// after it. A batch is scored in slices, and the slices of a partition flow through three stages
// (score, append, finish) like a pipeline: a slice is scored while the one before it appends, and
// appends while the one before that finishes. Each stage of a slice waits for the same stage of the
// slice before it (and for its own previous stage), so per partition the state a slice is scored
// from includes every earlier slice, the transaction streams are appended in offset order, and so
// are the state and the decisions. The bus may hand over the next batch of a partition before this
// one resolved (`inFlightPerPartition`): its slices join the same pipeline.
// A failure anywhere rejects (the bus delivers the batch and everything after it again, with
// back-off), fails the slices queued behind it, and invalidates the partition's cache.
import type { Reason, Transaction } from '#domain';
import type { AppendRequest, AppendResult, EventStore } from '#eventstore';
import type { BusBatch, BusMessage, FraudDecision, TransactionBus } from '#messaging';
import { computeFeatures, FEATURE_COUNT, FEATURE_NAMES, type FeatureState } from '#ml';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import type { ScoringModel } from '../model/scoring-model.js';
import type { RiskPolicyView } from '../policy/risk-policy-view.js';
import type { CustomerStateCache } from '../state/customer-state-cache.js';
import type { CustomerStateStore, CustomerStateWrite } from '../state/customer-state-store.js';
import { CallCoalescer } from './call-coalescer.js';
import { decodeTransactions } from './decode-batch.js';
import { reconcileConflicts } from './reconcile.js';
import { type TransactionFacts, transactionFacts } from './transaction-facts.js';

export interface ScoringPipelineOptions {
  readonly store: EventStore;
  readonly bus: TransactionBus;
  readonly model: ScoringModel;
  readonly cache: CustomerStateCache;
  readonly stateStore: CustomerStateStore;
  readonly policy: RiskPolicyView;
  readonly batchSize: number;
  readonly metrics?: ScoringMetrics;
  readonly now?: () => Date;
  /** Reason codes recorded per transaction. */
  readonly reasons?: number;
}

/**
 * Appends and state saves of slices smaller than `bypassAt` are merged with other partitions' into
 * one round trip (call-coalescer.ts), one merged call of each kind at a time, up to `maxItems`
 * streams or customers; larger slices fill a statement alone and go straight through.
 */
const MERGING = { maxInFlight: 1, maxItems: 500, bypassAt: 100 } as const;

/** The partition's latest slice, by stage: the next slice's same stage waits for it. */
interface SliceChain {
  readonly scored: Promise<unknown>;
  readonly appended: Promise<unknown>;
  readonly finished: Promise<unknown>;
  /** A slice failed: those queued behind it must not be scored (their state would build on it). */
  readonly broken: { value: boolean };
}

type Item = { readonly value: Transaction; readonly message: BusMessage };

interface ScoredSlice {
  readonly items: readonly Item[];
  readonly transactions: readonly Transaction[];
  readonly facts: readonly TransactionFacts[];
  readonly state: FeatureState;
}

export class ScoringPipeline {
  private readonly chains = new Map<number, SliceChain>();
  /**
   * Per customer, the settling of the last slice that changed its state and has not saved it yet.
   * A slice that misses a customer in the cache (evicted, or the partition invalidated) loads it
   * from the store only after that save: the cache is ahead of the store while slices are in flight.
   */
  private readonly unsaved = new Map<string, Promise<unknown>>();

  private readonly appends: CallCoalescer<AppendRequest, AppendResult>;
  private readonly saves: CallCoalescer<CustomerStateWrite, undefined>;

  constructor(private readonly options: ScoringPipelineOptions) {
    this.appends = new CallCoalescer((requests) => options.store.appendMany(requests), {
      ...MERGING,
      keyOf: (request) => request.streamId,
    });
    this.saves = new CallCoalescer(
      (writes) => options.stateStore.save(writes).then(() => writes.map(() => undefined)),
      { ...MERGING, keyOf: (write) => write.customerId },
    );
  }

  /** Customers whose state was loaded from the store since start (cache misses). */
  get recoveredCustomers(): number {
    return this.options.cache.recoveredCount;
  }

  async handleTransactions(batch: BusBatch): Promise<void> {
    const { cache, bus, metrics } = this.options;
    const first = batch.messages[0];
    const last = batch.messages.at(-1);
    if (!first || !last) return;
    // The policy must be the one in force when the batch was handed over (or later).
    const arrivedAt = performance.now();
    const { items, deadLetters } = decodeTransactions(batch.messages);
    cache.beginBatch(batch.partition, first.offset, last.offset);
    const slices: Promise<unknown>[] = [];
    if (deadLetters.length > 0) {
      slices.push(
        bus.publishDeadLetters(deadLetters).then(() => {
          metrics?.deadLetters.inc({ topic: batch.topic }, deadLetters.length);
        }),
      );
    }
    for (let start = 0; start < items.length; start += this.options.batchSize) {
      slices.push(
        this.enqueueSlice(batch.partition, items.slice(start, start + this.options.batchSize), arrivedAt),
      );
    }
    const outcomes = await Promise.allSettled(slices);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      cache.invalidate(batch.partition);
      // Nothing queued behind a failed slice may build on it (the bus delivers it all again): the
      // redelivery starts a new chain.
      if (this.chains.get(batch.partition)?.broken.value !== false) this.chains.delete(batch.partition);
      throw failure.reason;
    }
    metrics?.lagMessages.set(
      { partition: String(batch.partition) },
      Math.max(Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n), 0),
    );
  }

  private enqueueSlice(partition: number, items: readonly Item[], arrivedAt: number): Promise<void> {
    const before = this.chains.get(partition) ?? {
      scored: Promise.resolve(),
      appended: Promise.resolve(),
      finished: Promise.resolve(),
      broken: { value: false },
    };
    const { broken } = before;
    const scored = before.scored.then(() => {
      if (broken.value) throw new Error('not scored: an earlier slice of this partition failed');
      return this.score(partition, items, arrivedAt);
    });
    const appended = Promise.all([scored, before.appended]).then(([slice]) => this.append(partition, slice));
    const finished = Promise.all([scored, appended, before.finished]).then(([slice, final]) =>
      this.finish(partition, slice, final),
    );
    this.chains.set(partition, { scored, appended, finished, broken });
    // Registered once the slice is scored (before the next slice's score begins: callbacks run in
    // the order they were attached), so a slice never waits for its own save.
    const saved = finished.then(
      () => undefined,
      () => undefined,
    );
    void scored.then(
      () => {
        for (const { value } of items) this.unsaved.set(value.customerId, saved);
        void saved.then(() => {
          for (const { value } of items)
            if (this.unsaved.get(value.customerId) === saved) this.unsaved.delete(value.customerId);
        });
      },
      () => undefined, // the slice's own promise reports it
    );
    // Settles only once every stage of the slice has: a stage still running after its batch failed
    // could fill the cache for the batch's redelivery.
    return Promise.allSettled([scored, appended, finished]).then((outcomes) => {
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (!failure) return;
      broken.value = true;
      throw failure.reason;
    });
  }

  /**
   * State, features, ONNX (the policy read beside them), facts; the cache takes the new states at
   * once. Stage `load` is the state's; `score` includes what remains of the policy read.
   */
  private async score(partition: number, items: readonly Item[], arrivedAt: number): Promise<ScoredSlice> {
    const { model, cache, metrics } = this.options;
    const now = this.options.now ?? (() => new Date());
    const started = performance.now();
    const receivedAt = now().toISOString();
    const transactions = items.map((item) => item.value);
    const epoch = cache.epochOf(partition);
    // The policy decides, it does not score: its read (a round trip, fresh for this slice) runs
    // beside the state's load, the features and the model, and is awaited only for the decisions.
    const policyRead = this.options.policy.current(arrivedAt);
    policyRead.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    const state = await cache.stateFor(
      partition,
      transactions.map((transaction) => transaction.customerId),
      (missing) => Promise.all(missing.flatMap((id) => this.unsaved.get(id) ?? [])),
    );
    const loaded = performance.now();
    metrics?.observeStage('load', loaded - started);
    const rows = computeFeatures(transactions, state, model.encodings);
    const scores = await model.score(rows);
    const policy = await policyRead;
    const scoredAt = now().toISOString();
    const facts = transactions.map((transaction, index) => {
      const row = rows.subarray(index * FEATURE_COUNT, (index + 1) * FEATURE_COUNT);
      const features: Record<string, number> = {};
      for (let k = 0; k < FEATURE_COUNT; k++) features[FEATURE_NAMES[k]!] = row[k]!;
      const reasons: Reason[] = model
        .explain(row, this.options.reasons ?? 3)
        .map((code) => ({ feature: code.feature, description: code.text, contribution: code.contribution }));
      return transactionFacts(
        { transaction, riskScore: scores[index]!, features, reasons },
        { policy, modelVersion: model.version, receivedAt, scoredAt },
      );
    });
    const customers = new Set(transactions.map((transaction) => transaction.customerId));
    cache.remember(
      partition,
      epoch,
      [...customers].flatMap((id) => {
        const customerState = state.get(id);
        return customerState ? [[id, customerState] as const] : [];
      }),
    );
    metrics?.observeStage('score', performance.now() - loaded);
    return { items, transactions, facts, state };
  }

  /**
   * The transaction streams, in one appendMany; a redelivery's stored facts win (reconcile). When it
   * resolves the decisions are durable: the latency is observed here.
   */
  private async append(partition: number, slice: ScoredSlice): Promise<TransactionFacts[]> {
    const started = performance.now();
    const { store, metrics } = this.options;
    const results = await this.appends.submit(slice.facts.map((fact) => fact.transactionStream));
    const durableAt = Date.now();
    const final: TransactionFacts[] = [];
    const conflicts: TransactionFacts[] = [];
    results.forEach((result, index) => {
      const fact = slice.facts[index]!;
      if (result.outcome === 'conflict') conflicts.push(fact);
      else final.push(fact);
    });
    if (conflicts.length > 0) final.push(...(await reconcileConflicts(store, conflicts)));
    if (!metrics) return final;
    metrics.observeStage('append', performance.now() - started);
    let newest = Number.NEGATIVE_INFINITY;
    for (const transaction of slice.transactions) {
      const occurred = Date.parse(transaction.occurredAt);
      newest = Math.max(newest, occurred);
      metrics.latency.observe(Math.max(durableAt - occurred, 0) / 1000);
    }
    metrics.lag.set({ partition: String(partition) }, Math.max(durableAt - newest, 0) / 1000);
    return final;
  }

  /**
   * The transaction streams are durable: the alerts derived from them, the state that folded them
   * and the decisions for payment systems are independent of each other. A failure of any one fails
   * the batch, which is delivered again; each of the three is idempotent.
   */
  private async finish(
    partition: number,
    slice: ScoredSlice,
    final: readonly TransactionFacts[],
  ): Promise<void> {
    const started = performance.now();
    const { metrics } = this.options;
    await Promise.all([
      this.raiseAlerts(final.flatMap((fact) => (fact.alertStream ? [fact.alertStream] : []))),
      this.saveState(partition, slice.items, slice.state),
      this.options.bus.publishDecisions(final.map((fact): FraudDecision => fact.decisionMessage)),
    ]);
    if (!metrics) return;
    metrics.observeStage('finish', performance.now() - started);
    metrics.recordDecisions(final.map((fact) => fact.decision));
    metrics.batchSize.observe(slice.items.length);
    metrics.recoveredCustomers.set(this.options.cache.recoveredCount);
  }

  /**
   * Alerts go in a second appendMany, only for transactions whose stored facts include
   * FraudSuspected: in the first call an alert could not be made conditional on its transaction
   * stream's outcome, and a redelivery that re-decided differently would leave an orphan alert.
   */
  private async raiseAlerts(requests: readonly AppendRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const results = await this.appends.submit(requests);
    const conflicts = results.filter((result) => result.outcome === 'conflict');
    if (conflicts.length > 0) {
      // alert-<transactionId> holds someone else's events: never ours to overwrite, and retrying
      // cannot help. Fail loudly (the batch is retried and the metric shows it) rather than drop it.
      throw new Error(
        `Alert stream(s) ${conflicts.map((c) => c.streamId).join(', ')} already hold events that are not this transaction's AlertRaised; inspect them (alertId = transactionId) and remove the foreign stream.`,
      );
    }
  }

  private async saveState(partition: number, items: readonly Item[], state: FeatureState): Promise<void> {
    const lastOffset = new Map<string, string>();
    for (const { value, message } of items) lastOffset.set(value.customerId, message.offset);
    const writes: CustomerStateWrite[] = [];
    for (const [customerId, offset] of lastOffset) {
      const customerState = state.get(customerId);
      if (customerState) writes.push({ customerId, state: customerState, source: { partition, offset } });
    }
    if (writes.length > 0) await this.saves.submit(writes);
  }
}
