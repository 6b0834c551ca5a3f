// One projection on the event store's feed: it receives pages from a ProjectionFeed (shared with the
// other projections, or its own), applies the events after its checkpoint and moves the checkpoint,
// in one transaction. A failing event stops this projection only: it is isolated (the batch is
// retried event by event under savepoints to name it), recorded in projection_checkpoints and
// reported; a retriable failure (database blip) pauses it and it rejoins the feed after a delay; a
// rebuild switch (its checkpoint moved) makes it rejoin at once from the new checkpoint.
import { START, type EventStore, type FeedPosition, type RecordedEvent } from '#eventstore';
import type pg from 'pg';
import { ProjectionEventFailed, type Projection } from '../projection/projection.js';
import { compareFeedPositions, matchesFilter } from './feed-order.js';
import { isRetriablePgError } from './pg-errors.js';
import {
  CheckpointMoved,
  type CommittedBatch,
  ProjectionCheckpointStore,
} from './projection-checkpoint-store.js';
import { ProjectionFeed } from './projection-feed.js';

export type ProjectionState =
  | { readonly status: 'starting' | 'catching-up' | 'live' | 'stopped' }
  | { readonly status: 'retrying'; readonly error: string }
  | { readonly status: 'failed'; readonly error: string; readonly event?: ProjectionEventFailed['event'] };

export interface ProjectionRunnerOptions {
  /** Pages of the feed this projection runs on when it runs alone: ProjectionFeedOptions'. */
  readonly batchSize?: number;
  /** As `batchSize`: the largest page while catching up (ProjectionFeedOptions). */
  readonly maxBatchSize?: number;
  readonly pollIntervalMs?: number;
  readonly retryDelayMs?: number;
  readonly onCommitted?: (projection: string, batch: CommittedBatch) => void;
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** A page with nothing for this projection moves its checkpoint at most this often (fewer commits). */
const EMPTY_COMMIT_INTERVAL_MS = 1000;

export class ProjectionRunner {
  private feed: ProjectionFeed | undefined;
  private readonly checkpoints: ProjectionCheckpointStore;
  private lastCommitAt = 0;
  state: ProjectionState = { status: 'starting' };
  /** Resolves when the projection has first applied everything visible. */
  readonly caughtUp: Promise<void>;
  private markCaughtUp: () => void = () => undefined;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
    this.checkpoints = new ProjectionCheckpointStore(pool, projection.name, (batch) =>
      this.options.onCommitted?.(projection.name, batch),
    );
  }

  /** The checkpoint this projection last committed (or loaded); undefined before it loaded one. */
  get position(): FeedPosition | undefined {
    return this.checkpoints.committed;
  }

  /** Runs this projection on a feed of its own (ProjectionFeed runs several on one read). */
  start(): void {
    (this.feed ?? new ProjectionFeed(this.store, [this], this.options)).start();
  }

  async stop(): Promise<void> {
    await this.feed?.stop();
  }

  // --- called by the ProjectionFeed ---

  joinFeed(feed: ProjectionFeed): void {
    if (this.feed && this.feed !== feed)
      throw new Error(`Projection ${this.projection.name} already runs on another feed.`);
    this.feed = feed;
  }

  /** Loads the stored checkpoint; undefined when it could not (the state says why). */
  async load(): Promise<FeedPosition | undefined> {
    try {
      const stored = await this.checkpoints.load(this.projection.name);
      if (this.state.status !== 'live') this.state = { status: 'catching-up' };
      return stored ?? START;
    } catch (error) {
      this.onFailure(error);
      return undefined;
    }
  }

  /**
   * Applies the events of a page (read from `from` up to `checkpoint`) that this projection wants
   * and has not applied yet, with the checkpoint, in one transaction. Never rejects: a failure
   * takes this projection off the feed and sets its state.
   */
  async deliver(events: readonly RecordedEvent[], from: FeedPosition, checkpoint: string): Promise<void> {
    const position = this.position ?? START;
    try {
      if (compareFeedPositions(checkpoint, position) <= 0) return; // ahead of this page already
      const behind = compareFeedPositions(from, position) >= 0;
      const mine = events.filter(
        (event) =>
          matchesFilter(event, this.projection.filter) &&
          (behind || compareFeedPositions(event.checkpoint, position) > 0),
      );
      if (mine.length === 0 && Date.now() - this.lastCommitAt < EMPTY_COMMIT_INTERVAL_MS) return;
      await this.checkpoints.withTransaction(async (client) => {
        if (mine.length > 0) await applyIsolated(this.projection, mine, client);
        this.checkpoints.stage(mine);
        await this.checkpoints.save(this.projection.name, checkpoint, client);
      });
      this.lastCommitAt = Date.now();
    } catch (error) {
      this.onFailure(error);
    }
  }

  caughtUpWithFeed(): void {
    if (this.state.status === 'catching-up') this.state = { status: 'live' };
    this.markCaughtUp();
  }

  readFailed(cause: unknown, retriable: boolean): void {
    const message = cause instanceof Error ? cause.message : String(cause);
    this.state = retriable ? { status: 'retrying', error: message } : { status: 'failed', error: message };
    this.options.log?.({
      level: retriable ? 'warn' : 'error',
      msg: retriable ? 'reading the feed failed; retrying' : 'reading the feed failed; projection stopped',
      projection: this.projection.name,
      error: message,
    });
  }

  stopped(): void {
    if (this.state.status !== 'failed') this.state = { status: 'stopped' };
  }

  private onFailure(error: unknown): void {
    const feed = this.feed!;
    feed.detach(this);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CheckpointMoved) {
      this.options.log?.({
        level: 'info',
        msg: 'checkpoint moved by a rebuild; rejoining from it',
        projection: this.projection.name,
      });
      feed.requestRestart(0);
      return;
    }
    if (isRetriablePgError(error)) {
      this.state = { status: 'retrying', error: message };
      this.options.log?.({
        level: 'warn',
        msg: 'projection paused on a retriable error',
        projection: this.projection.name,
        error: message,
      });
      feed.requestRestart(this.options.retryDelayMs ?? 2000);
      return;
    }
    const event = error instanceof ProjectionEventFailed ? error.event : undefined;
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
