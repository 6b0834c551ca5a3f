// Prometheus metrics of the scoring service, on the service's registry (HealthModule's /metrics).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Decision } from '#domain';

/** The stages of a scored slice, in order (scoring_stage_seconds). */
export type ScoringStage = 'load' | 'score' | 'append' | 'finish';

export class ScoringMetrics {
  readonly decisions: Counter<'decision'>;
  readonly deadLetters: Counter<'topic'>;
  readonly chargebacks: Counter;
  readonly batchSize: Histogram;
  readonly latency: Histogram;
  readonly lag: Gauge<'partition'>;
  readonly lagMessages: Gauge<'partition'>;
  readonly batchFailures: Counter<'retriable'>;
  readonly recoveredCustomers: Gauge;
  readonly stageSeconds: Histogram<'stage'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.decisions = new Counter({
      name: 'scoring_decisions_total',
      help: 'Transactions scored (durable), by decision',
      labelNames: ['decision'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'scoring_dead_letters_total',
      help: 'Messages sent to the dead-letter topic because they could not be decoded or validated',
      labelNames: ['topic'],
      registers,
    });
    this.chargebacks = new Counter({
      name: 'scoring_chargebacks_total',
      help: 'ChargebackReported events recorded',
      registers,
    });
    this.batchSize = new Histogram({
      name: 'scoring_batch_size',
      help: 'Transactions per scored batch',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    });
    this.latency = new Histogram({
      name: 'scoring_decision_latency_seconds',
      help: "From the transaction's occurredAt to its decision being durable in the event store",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.lag = new Gauge({
      name: 'scoring_consumer_lag_seconds',
      help: 'Per partition: age (now - occurredAt) of the newest transaction of the last batch made durable',
      labelNames: ['partition'],
      registers,
    });
    this.lagMessages = new Gauge({
      name: 'scoring_consumer_lag_messages',
      help: 'Per partition: messages behind the high watermark after the last durable batch',
      labelNames: ['partition'],
      registers,
    });
    this.batchFailures = new Counter({
      name: 'scoring_batch_failures_total',
      help: 'Batches that failed and are delivered again (never dead-lettered), by retriable',
      labelNames: ['retriable'],
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'scoring_stage_seconds',
      help: 'Per scored slice, time in each stage: load (policy + state), score (features, ONNX, facts), append (transaction streams), finish (alerts, state, decisions)',
      labelNames: ['stage'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.recoveredCustomers = new Gauge({
      name: 'scoring_recovered_customers',
      help: 'Customers whose feature state was recovered from PostgreSQL (cache misses) since start',
      registers,
    });
  }

  /** Time one slice spent in a stage (its own work, not waiting for the slice before it). */
  observeStage(stage: ScoringStage, ms: number): void {
    this.stageSeconds.observe({ stage }, ms / 1000);
  }

  recordDecisions(decisions: readonly Decision[]): void {
    let approve = 0;
    let review = 0;
    let block = 0;
    for (const decision of decisions) {
      if (decision === 'APPROVE') approve++;
      else if (decision === 'REVIEW') review++;
      else block++;
    }
    if (approve) this.decisions.inc({ decision: 'APPROVE' }, approve);
    if (review) this.decisions.inc({ decision: 'REVIEW' }, review);
    if (block) this.decisions.inc({ decision: 'BLOCK' }, block);
  }
}
