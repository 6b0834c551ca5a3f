// The projections service's work: migrate the event store and the read tables, run every
// projection on one shared feed reader, report each (and the event store) in /ready and /metrics,
// stop them on shutdown. The feed is the configured event store (EVENT_STORE); the read tables and
// their checkpoints are on PostgreSQL (DATABASE_URL) whichever it is.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  checkEventStore,
  connectEventStore,
  guardCheckedOutClients,
  isRetriablePgError,
  migrate,
  type EventStore,
} from '#eventstore';
import { Readiness } from '#platform';
import { migrateReadModel } from '#read-model';
import pg from 'pg';
import { Registry } from 'prom-client';
import { ALL_PROJECTIONS } from '../projection/all-projections.js';
import { PROJECTIONS_CONFIG } from '../projections.tokens.js';
import type { ProjectionsConfig } from '../projections.config.js';
import { ProjectionMetrics } from './projection-metrics.js';
import { ProjectionFeed } from './projection-feed.js';
import { ProjectionRunner } from './projection-runner.js';

@Injectable()
export class ProjectionsRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly metrics: ProjectionMetrics;
  private pool: pg.Pool | undefined;
  private store: EventStore | undefined;
  private runners: ProjectionRunner[] = [];
  private feed: ProjectionFeed | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    @Inject(PROJECTIONS_CONFIG) private readonly config: ProjectionsConfig,
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(Registry) registry: Registry,
  ) {
    this.metrics = new ProjectionMetrics(registry);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Read tables and their checkpoints on one pool, the event store's reads on another, so a long
    // catch-up read never waits behind the projections' writes for a connection.
    this.pool = new pg.Pool({ connectionString: this.config.DATABASE_URL, max: ALL_PROJECTIONS.length + 2 });
    // A pooled idle connection the server drops is replaced by the pool; only say so.
    this.pool.on('error', (error) =>
      this.logger.warn({ msg: 'idle database connection closed (retriable)', error: error.message }),
    );
    guardCheckedOutClients(this.pool);
    // PostgreSQL: its own pool of the same size as before; EventStoreDB: one gRPC client.
    const store = connectEventStore(this.config, { poolMax: ALL_PROJECTIONS.length + 2 });
    this.store = store;
    this.readiness.register({ name: 'event-store', check: () => checkEventStore(store) });
    await this.migrateWhenReachable(this.pool);
    const log = (entry: Record<string, unknown>) => {
      const { level, ...rest } = entry;
      if (level === 'error') this.logger.error(rest);
      else if (level === 'warn') this.logger.warn(rest);
      else this.logger.log(rest);
    };
    this.runners = ALL_PROJECTIONS.map(
      (projection) =>
        new ProjectionRunner(projection, store, this.pool!, {
          onCommitted: (name, batch) => this.metrics.committed(name, batch),
          log,
        }),
    );
    // One read of the log for all projections; each still commits its own rows and checkpoint.
    this.feed = new ProjectionFeed(store, this.runners, {
      batchSize: this.config.PROJECTIONS_BATCH_SIZE,
      maxBatchSize: this.config.PROJECTIONS_CATCH_UP_BATCH_SIZE,
      log,
      eventStore: this.config.EVENT_STORE,
    });
    for (const runner of this.runners) {
      this.readiness.register({
        name: `projection:${runner.projection.name}`,
        check: () =>
          Promise.resolve({
            ok: runner.state.status !== 'failed',
            detail:
              runner.state.status === 'failed' || runner.state.status === 'retrying'
                ? `${runner.state.status}: ${runner.state.error}`
                : runner.state.status,
          }),
      });
    }
    this.feed.start();
    this.probeTimer = setInterval(() => {
      void this.metrics
        .probe(store, this.runners)
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'lag probe failed (retried at the next interval)', error: String(error) }),
        );
    }, this.config.PROJECTIONS_LAG_PROBE_MS);
    this.logger.log({
      msg: 'projections started',
      projections: this.runners.map((runner) => runner.projection.name),
    });
  }

  /**
   * Migrations at boot wait for the database: a PostgreSQL (re)starting while projections boots
   * must not end the process (found by the chaos suite). Only retriable errors are retried.
   */
  private async migrateWhenReachable(pool: pg.Pool): Promise<void> {
    for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 5_000)) {
      try {
        // The PostgreSQL event store's tables; EventStoreDB has no schema to apply.
        if (this.config.EVENT_STORE === 'postgres') await migrate(pool);
        await migrateReadModel(this.config.DATABASE_URL);
        return;
      } catch (error) {
        if (this.stopping || !isRetriablePgError(error)) throw error;
        this.logger.warn({
          msg: 'database not reachable for migrations; retrying',
          attempt,
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.probeTimer);
    await this.feed?.stop();
    await this.store?.close();
    await this.pool?.end();
  }
}
