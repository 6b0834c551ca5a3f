// Runs one projection on the event store's subscription: each batch is applied and checkpointed in
// one transaction. A failing event stops this projection only: it is isolated (the batch is retried
// event by event under savepoints to name it), recorded in projection_checkpoints and reported; a
// retriable failure (database blip) restarts it after a pause; a rebuild switch restarts it at once.
import type { EventStore, RecordedEvent, Subscription } from '#eventstore';
import type pg from 'pg';
import { ProjectionEventFailed, type Projection } from '../projection/projection.js';
import {
  CheckpointMoved,
  type CommittedBatch,
  ProjectionCheckpointStore,
} from './projection-checkpoint-store.js';
import { isRetriablePgError } from './pg-errors.js';

export type ProjectionState =
  | { readonly status: 'starting' | 'catching-up' | 'live' | 'stopped' }
  | { readonly status: 'retrying'; readonly error: string }
  | { readonly status: 'failed'; readonly error: string; readonly event?: ProjectionEventFailed['event'] };

export interface ProjectionRunnerOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly retryDelayMs?: number;
  readonly onCommitted?: (projection: string, batch: CommittedBatch) => void;
  readonly log?: (entry: Record<string, unknown>) => void;
}

const causeOf = (error: unknown): unknown =>
  error instanceof Error && error.name === 'SubscriptionFailed' && error.cause !== undefined
    ? error.cause
    : error;

export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  state: ProjectionState = { status: 'starting' };
  /** Resolves when the projection has first delivered everything visible. */
  readonly caughtUp: Promise<void>;
  private markCaughtUp: () => void = () => undefined;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
  }

  get position(): string | undefined {
    return this.subscription?.checkpoint;
  }

  start(): void {
    if (this.stopping) return;
    const name = this.projection.name;
    const checkpoints = new ProjectionCheckpointStore(this.pool, name, (batch) =>
      this.options.onCommitted?.(name, batch),
    );
    this.state = { status: 'catching-up' };
    const subscription = this.store.subscribe<pg.PoolClient>(
      name,
      async (events, context) => {
        await applyIsolated(this.projection, events, context.client);
        checkpoints.stage(events);
      },
      {
        checkpoints,
        filter: this.projection.filter,
        batchSize: this.options.batchSize ?? 1000,
        pollIntervalMs: this.options.pollIntervalMs ?? 1000,
        onError: 'stop',
        onCaughtUp: () => {
          if (this.state.status === 'catching-up') this.state = { status: 'live' };
          this.markCaughtUp();
        },
      },
    );
    this.subscription = subscription;
    subscription.done.then(
      () => {
        if (this.state.status !== 'failed') this.state = { status: 'stopped' };
      },
      (error: unknown) => this.onFailure(error),
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    if (this.state.status !== 'failed') this.state = { status: 'stopped' };
  }

  private onFailure(error: unknown): void {
    if (this.stopping) return;
    const cause = causeOf(error);
    const message = cause instanceof Error ? cause.message : String(cause);
    if (cause instanceof CheckpointMoved) {
      this.options.log?.({
        level: 'info',
        msg: 'checkpoint moved by a rebuild; restarting',
        projection: this.projection.name,
      });
      this.start();
      return;
    }
    if (isRetriablePgError(cause)) {
      this.state = { status: 'retrying', error: message };
      this.options.log?.({
        level: 'warn',
        msg: 'projection paused on a retriable error',
        projection: this.projection.name,
        error: message,
      });
      this.restartTimer = setTimeout(() => this.start(), this.options.retryDelayMs ?? 2000);
      return;
    }
    const event = cause instanceof ProjectionEventFailed ? cause.event : undefined;
    this.state = { status: 'failed', error: message, ...(event ? { event } : {}) };
    this.options.log?.({
      level: 'error',
      msg: 'projection stopped on an event',
      projection: this.projection.name,
      error: message,
      event,
    });
    void this.recordFailure(message, event).catch((recordError: unknown) =>
      this.options.log?.({
        level: 'error',
        msg: 'could not record the projection failure',
        error: String(recordError),
      }),
    );
  }

  private async recordFailure(
    message: string,
    event: ProjectionEventFailed['event'] | undefined,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE projection_checkpoints SET failed_event = $2::jsonb, error = $3, failed_at = now() WHERE name = $1`,
      [this.projection.name, event ? JSON.stringify(event) : null, message],
    );
  }
}

/**
 * Applies a batch under a savepoint. If it fails for a reason other than a blip, the batch is
 * applied again one event at a time to find the event at fault, which the error then names.
 */
export async function applyIsolated(
  projection: Projection,
  events: readonly RecordedEvent[],
  client: pg.ClientBase,
) {
  await client.query('SAVEPOINT projection_batch');
  try {
    await projection.apply(events, client);
    return;
  } catch (error) {
    if (isRetriablePgError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT projection_batch');
    if (events.length === 1) throw new ProjectionEventFailed(projection.name, summary(events[0]!), error);
  }
  for (const event of events) {
    try {
      await projection.apply([event], client);
    } catch (error) {
      if (isRetriablePgError(error)) throw error;
      throw new ProjectionEventFailed(projection.name, summary(event), error);
    }
  }
}

const summary = (event: RecordedEvent): ProjectionEventFailed['event'] => ({
  eventId: event.eventId,
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  type: event.type,
  checkpoint: event.checkpoint,
});
