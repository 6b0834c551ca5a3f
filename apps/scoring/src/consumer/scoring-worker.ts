// Runs the scoring consumer inside the Nest app: starts in the background once the app is up (so
// /health answers while the model loads or the database is still coming), retries start-up failures
// that can heal with back-off, routes each partition batch by topic, and reports readiness.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import { Registry } from 'prom-client';
import { type EventStore, isRetriablePgError } from '#eventstore';
import { type BusBatch, type BusConsumer, TRANSACTION_BUS, type TransactionBus } from '#messaging';
import { Readiness } from '#platform';
import { recordChargebacks } from '../chargebacks/record-chargebacks.js';
import { ScoringMetrics } from '../metrics/scoring-metrics.js';
import type { ScoringModel } from '../model/scoring-model.js';
import { ScoringPipeline } from '../pipeline/scoring-pipeline.js';
import { RiskPolicyView } from '../policy/risk-policy-view.js';
import type { ScoringConfig } from '../scoring.config.js';
import {
  CUSTOMER_STATE_STORE,
  SCORING_CONFIG,
  SCORING_EVENT_STORE,
  SCORING_SETUP,
} from '../scoring.tokens.js';
import { CustomerStateCache } from '../state/customer-state-cache.js';
import type { CustomerStateStore } from '../state/customer-state-store.js';
import type { ScoringSetup } from './scoring-setup.js';

const isRetriable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;

@Injectable()
export class ScoringWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scoring');
  private readonly metrics: ScoringMetrics;
  private model: ScoringModel | undefined;
  private consumer: BusConsumer | undefined;
  private stopping = false;
  private startFailure: string | undefined;
  /** Resolves once the consumer has joined its group (tests await it). */
  started: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
    @Inject(SCORING_EVENT_STORE) private readonly store: EventStore,
    @Inject(TRANSACTION_BUS) private readonly bus: TransactionBus,
    @Inject(CUSTOMER_STATE_STORE) private readonly stateStore: CustomerStateStore,
    @Inject(SCORING_SETUP) private readonly setup: ScoringSetup,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(Registry) registry: Registry,
  ) {
    this.metrics = new ScoringMetrics(registry);
  }

  onApplicationBootstrap(): void {
    this.readiness.register({
      name: 'model',
      check: () =>
        Promise.resolve(
          this.model
            ? { ok: true, detail: this.model.version }
            : { ok: false, detail: this.startFailure ?? 'loading' },
        ),
    });
    this.readiness.register({
      name: 'event-store',
      check: async () => ({
        ok: true,
        detail: `risk-policy at version ${await this.store.streamVersion('risk-policy')}`,
      }),
    });
    this.readiness.register({ name: 'customer-state', check: () => this.stateStore.check() });
    this.readiness.register({ name: 'bus', check: () => this.bus.check() });
    this.readiness.register({
      name: 'consumer',
      check: () =>
        Promise.resolve(
          this.consumer ? { ok: true } : { ok: false, detail: this.startFailure ?? 'starting' },
        ),
    });
    this.warnOfUnboundedHeap();
    this.started = this.startWithRetry();
    // Failures are logged and shown on /ready by startWithRetry itself; this only keeps the
    // promise from being reported as unhandled when no test awaits it.
    this.started.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop();
    await this.model?.close();
    await this.bus.close();
    await this.store.close();
    await this.setup.close();
  }

  /**
   * V8 sizes its heap ceiling from the machine's RAM unless told: on a large host the batches'
   * garbage then piles up far beyond the bounded cache between full collections (docs/SCORING.md,
   * "Memory"). Said once at boot, so the operator knows why RSS grows past 512 MB.
   */
  private warnOfUnboundedHeap(): void {
    const limitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    if (limitMb <= 512) return;
    this.logger.warn({
      msg: `heap ceiling is ${limitMb} MB: RSS is not bounded by the customer cache; run with NODE_OPTIONS=--max-old-space-size=320 (or a container memory limit Node reads)`,
      heapLimitMb: limitMb,
    });
  }

  private async startWithRetry(): Promise<void> {
    for (let attempt = 1, delay = 250; !this.stopping; attempt++, delay = Math.min(delay * 2, 10_000)) {
      try {
        await this.start();
        this.startFailure = undefined;
        return;
      } catch (error) {
        // Migrations, topics and joining the group talk to servers that may be restarting: raw pg
        // errors carry no `retriable` flag, so they are classified like every other pg error (a
        // PostgreSQL restart during boot left scoring unready for good: found by the chaos suite).
        const retriable = isRetriablePgError(error);
        this.startFailure = `${(error as Error).message} (${retriable ? 'retrying' : 'not retriable: fix and restart'})`;
        this.logger.error({
          msg: 'scoring could not start',
          error: (error as Error).message,
          retriable,
          attempt,
        });
        if (!retriable) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async start(): Promise<void> {
    this.model ??= await this.setup.loadModel();
    await this.setup.migrate();
    await this.bus.ensureTopics();
    const cache = new CustomerStateCache(this.stateStore, this.config.SCORING_CACHE_CUSTOMERS);
    const pipeline = new ScoringPipeline({
      store: this.store,
      bus: this.bus,
      model: this.model,
      cache,
      stateStore: this.stateStore,
      policy: new RiskPolicyView(this.store, this.model.defaultThresholds),
      batchSize: this.config.SCORING_BATCH_SIZE,
      metrics: this.metrics,
    });
    const { topics } = this.setup;
    // The pipeline orders a partition's slices itself; chargeback batches of a partition simply run
    // one after the other (they append to transaction streams with ANY: concurrent batches would only
    // collide on stream versions and be retried).
    const chargebacksDone = new Map<number, Promise<unknown>>();
    const handleChargebacks = (batch: BusBatch): Promise<void> => {
      const run = (chargebacksDone.get(batch.partition) ?? Promise.resolve())
        .catch(() => undefined) // its own caller got that error
        .then(() => recordChargebacks(batch, { store: this.store, bus: this.bus, metrics: this.metrics }));
      chargebacksDone.set(batch.partition, run);
      return run;
    };
    if (this.stopping) return;
    this.consumer = await this.bus.consume({
      groupId: this.config.SCORING_GROUP_ID,
      topics: [topics.transactions, topics.chargebacks],
      // Two batches of a partition at once: the next one is scored while this one appends.
      inFlightPerPartition: 2,
      handle: (batch: BusBatch) =>
        batch.topic === topics.chargebacks ? handleChargebacks(batch) : pipeline.handleTransactions(batch),
      onAssignment: (assignment) => {
        const partitions = assignment.find((entry) => entry.topic === topics.transactions)?.partitions;
        cache.assign(partitions ?? []);
        this.logger.log({ msg: 'partitions assigned', topic: topics.transactions, partitions });
      },
      onError: (error, batch) => {
        const retriable = isRetriable(error);
        this.metrics.batchFailures.inc({ retriable: String(retriable) });
        this.logger.error({
          msg: 'batch failed; it will be delivered again (not dead-lettered)',
          error: (error as Error).message,
          retriable,
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: batch.messages[0]?.offset,
          size: batch.messages.length,
        });
      },
    });
    this.logger.log({
      msg: 'scoring consuming',
      groupId: this.config.SCORING_GROUP_ID,
      model: this.model.version,
      topics: [topics.transactions, topics.chargebacks],
    });
  }
}
