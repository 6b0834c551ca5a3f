// One partition's batch of `transactions`, start to durable: decode (poison -> DLQ), features from
// recovered per-customer state, ONNX scores, decisions from the policy as of the batch's start, one
// appendMany of the transaction streams, then (together) one of the alerts, the customer state and
// the decisions published. It resolves only when all of that is durable; the bus commits the offset
// after it. Round trips that do not depend on each other run at the same time: the policy read with
// the state load before scoring, and the three writes after the transaction streams are durable.
// A failure anywhere rejects (the bus redelivers with back-off) and invalidates the partition's cache.
import type { Reason, Transaction } from '#domain';
import type { AppendRequest, EventStore } from '#eventstore';
import type { BusBatch, BusMessage, FraudDecision, TransactionBus } from '#messaging';
import { computeFeatures, type CustomerState, FEATURE_COUNT, FEATURE_NAMES } from '#ml';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import type { ScoringModel } from '../model/scoring-model.js';
import type { RiskPolicyView } from '../policy/risk-policy-view.js';
import type { CustomerStateCache } from '../state/customer-state-cache.js';
import type { CustomerStateStore, CustomerStateWrite } from '../state/customer-state-store.js';
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

export class ScoringPipeline {
  constructor(private readonly options: ScoringPipelineOptions) {}

  /** Customers whose state was loaded from the store since start (cache misses). */
  get recoveredCustomers(): number {
    return this.options.cache.recoveredCount;
  }

  async handleTransactions(batch: BusBatch): Promise<void> {
    const { cache, bus, metrics } = this.options;
    const first = batch.messages[0];
    const last = batch.messages.at(-1);
    if (!first || !last) return;
    const { items, deadLetters } = decodeTransactions(batch.messages);
    cache.beginBatch(batch.partition, first.offset);
    try {
      if (deadLetters.length > 0) {
        await bus.publishDeadLetters(deadLetters);
        metrics?.deadLetters.inc({ topic: batch.topic }, deadLetters.length);
      }
      for (let start = 0; start < items.length; start += this.options.batchSize) {
        await this.scoreSlice(batch.partition, items.slice(start, start + this.options.batchSize));
      }
    } catch (error) {
      cache.invalidate(batch.partition);
      throw error;
    }
    cache.endBatch(batch.partition, last.offset);
    metrics?.lagMessages.set(
      { partition: String(batch.partition) },
      Math.max(Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n), 0),
    );
  }

  private async scoreSlice(
    partition: number,
    items: readonly { value: Transaction; message: BusMessage }[],
  ): Promise<void> {
    if (items.length === 0) return;
    const { store, model, cache, metrics } = this.options;
    const now = this.options.now ?? (() => new Date());
    const receivedAt = now().toISOString();
    const transactions = items.map((item) => item.value);
    const stages = metrics?.stageTimer();
    const [policy, state] = await Promise.all([
      this.options.policy.current(),
      cache.stateFor(
        partition,
        transactions.map((transaction) => transaction.customerId),
      ),
    ]);
    stages?.lap('load');
    const rows = computeFeatures(transactions, state, model.encodings);
    const scores = await model.score(rows);
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

    stages?.lap('score');
    const results = await store.appendMany(facts.map((fact) => fact.transactionStream));
    const final: TransactionFacts[] = [];
    const conflicts: TransactionFacts[] = [];
    results.forEach((result, index) => {
      const fact = facts[index]!;
      if (result.outcome === 'conflict') conflicts.push(fact);
      else final.push(fact);
    });
    if (conflicts.length > 0) final.push(...(await reconcileConflicts(store, conflicts)));
    stages?.lap('append');
    // The transaction streams are durable: the alerts derived from them, the state that folded them
    // and the decisions for payment systems are independent of each other. A failure of any one
    // fails the batch, which is redelivered; each of the three is idempotent.
    let durableAt = 0;
    await Promise.all([
      this.raiseAlerts(final.flatMap((fact) => (fact.alertStream ? [fact.alertStream] : []))).then(() => {
        durableAt = Date.now();
      }),
      this.saveState(partition, items, state),
      this.options.bus.publishDecisions(final.map((fact): FraudDecision => fact.decisionMessage)),
    ]);
    stages?.lap('finish');

    if (metrics) {
      metrics.recordDecisions(final.map((fact) => fact.decision));
      metrics.batchSize.observe(items.length);
      let newest = Number.NEGATIVE_INFINITY;
      for (const transaction of transactions) {
        const occurred = Date.parse(transaction.occurredAt);
        newest = Math.max(newest, occurred);
        metrics.latency.observe(Math.max(durableAt - occurred, 0) / 1000);
      }
      metrics.lag.set({ partition: String(partition) }, Math.max(durableAt - newest, 0) / 1000);
      metrics.recoveredCustomers.set(cache.recoveredCount);
    }
  }

  /**
   * Alerts go in a second appendMany, only for transactions whose stored facts include
   * FraudSuspected: in the first call an alert could not be made conditional on its transaction
   * stream's outcome, and a redelivery that re-decided differently would leave an orphan alert.
   */
  private async raiseAlerts(requests: readonly AppendRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const results = await this.options.store.appendMany(requests);
    const conflicts = results.filter((result) => result.outcome === 'conflict');
    if (conflicts.length > 0) {
      // alert-<transactionId> holds someone else's events: never ours to overwrite, and retrying
      // cannot help. Fail loudly (the batch is retried and the metric shows it) rather than drop it.
      throw new Error(
        `Alert stream(s) ${conflicts.map((c) => c.streamId).join(', ')} already hold events that are not this transaction's AlertRaised; inspect them (alertId = transactionId) and remove the foreign stream.`,
      );
    }
  }

  private async saveState(
    partition: number,
    items: readonly { value: Transaction; message: BusMessage }[],
    state: { get(id: string): CustomerState | undefined },
  ): Promise<void> {
    const lastOffset = new Map<string, string>();
    for (const { value, message } of items) lastOffset.set(value.customerId, message.offset);
    const writes: CustomerStateWrite[] = [];
    for (const [customerId, offset] of lastOffset) {
      const customerState = state.get(customerId);
      if (customerState) writes.push({ customerId, state: customerState, source: { partition, offset } });
    }
    await this.options.stateStore.save(writes);
    this.options.cache.remember(
      partition,
      writes.map((write) => [write.customerId, write.state] as const),
    );
  }
}
