// The CheckpointStore of one projection, in projection_checkpoints beside its read tables: the
// event store's subscription runs the projection's batch and this `save` in one pg transaction.
// `save` is a compare-and-set on the checkpoint this runner last committed, so a runner whose
// tables were switched under it by a rebuild rolls its batch back instead of writing on top.
import { START, type CheckpointStore, type RecordedEvent } from '#eventstore';
import type pg from 'pg';
import { isRetriablePgError, ProjectionStoreUnavailable } from './pg-errors.js';
import { prepared } from '../projection/sql.js';

/** The checkpoint moved under this runner (a rebuild switched its tables): restart from the stored one. */
export class CheckpointMoved extends Error {
  override readonly name = 'CheckpointMoved';
  readonly retriable = false;
  constructor(readonly projection: string) {
    super(
      `The checkpoint of projection ${projection} was moved by someone else (a rebuild switch): restarting from it.`,
    );
  }
}

/**
 * A stored checkpoint that means "replay from the start": written by a read-model migration that
 * emptied a projection's tables (migration 3). Not a feed position, so a projections service of the
 * version before refuses it (UnorderedCheckpoint: it stops) instead of writing on the emptied
 * tables; this version reads it as the start and compares-and-sets against it like any checkpoint.
 */
export const REPLAY_FROM_START = 'replay-from-start';

export interface CommittedBatch {
  readonly events: readonly RecordedEvent[];
  readonly committedAt: number;
}

export class ProjectionCheckpointStore implements CheckpointStore<pg.PoolClient> {
  /** The checkpoint this runner last loaded or committed (null: none yet). */
  private expected: string | null = null;
  private loaded = false;
  private staged: { events: readonly RecordedEvent[]; checkpoint?: string } | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly projection: string,
    private readonly onCommitted: (batch: CommittedBatch) => void = () => undefined,
  ) {}

  /** The checkpoint last loaded or committed: where this projection is (null: the start). */
  get committed(): string | undefined {
    if (!this.loaded) return undefined;
    return this.expected === null || this.expected === REPLAY_FROM_START ? START : this.expected;
  }

  async load(subscriptionId: string): Promise<string | undefined> {
    const { rows } = await this.run(() =>
      this.pool.query<{ checkpoint: string | null }>(
        `INSERT INTO projection_checkpoints (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING checkpoint`,
        [subscriptionId],
      ),
    );
    this.expected = rows[0]?.checkpoint ?? null;
    this.loaded = true;
    return this.expected === REPLAY_FROM_START ? undefined : (this.expected ?? undefined);
  }

  /** Called by the runner's handler with the batch it wrote, so `save` can count it. */
  stage(events: readonly RecordedEvent[]): void {
    this.staged = { events };
  }

  async withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.run(() => this.pool.connect());
    let broken = false;
    this.staged = undefined;
    try {
      // Rows and checkpoint commit together or not at all; what a server crash may lose of the last
      // commits (asynchronous commit) is applied again from the log, so the wait for the WAL
      // flush is not worth its latency here.
      await client.query('BEGIN; SET LOCAL synchronous_commit TO off');
      const result = await work(client);
      await client.query('COMMIT');
      const staged = this.staged as { events: readonly RecordedEvent[]; checkpoint?: string } | undefined;
      if (staged?.checkpoint !== undefined) this.expected = staged.checkpoint;
      if (staged && staged.events.length > 0)
        this.onCommitted({ events: staged.events, committedAt: Date.now() });
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true; // the connection died with the transaction; it must not go back to the pool
      });
      throw isRetriablePgError(error) ? new ProjectionStoreUnavailable(this.projection, error) : error;
    } finally {
      this.staged = undefined;
      client.release(broken);
    }
  }

  async save(subscriptionId: string, checkpoint: string, client: pg.PoolClient): Promise<void> {
    const events = this.staged?.events ?? [];
    const last = events[events.length - 1];
    const { rowCount } = await client.query(
      prepared(
        `UPDATE projection_checkpoints
       SET checkpoint = $2, updated_at = now(), events_applied = events_applied + $3,
           last_event_at = COALESCE($4::timestamptz, last_event_at),
           failed_event = NULL, error = NULL, failed_at = NULL
       WHERE name = $1 AND checkpoint IS NOT DISTINCT FROM $5`,
        [subscriptionId, checkpoint, events.length, last?.recordedAt ?? null, this.expected],
      ),
    );
    if (rowCount !== 1) throw new CheckpointMoved(this.projection);
    this.staged = { events, checkpoint };
  }

  deadLetter(): Promise<void> {
    // Projections stop on a failing event (onError 'stop'); they never skip one.
    return Promise.reject(
      new Error('Projections do not dead-letter events: they stop and record the event.'),
    );
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isRetriablePgError(error) ? new ProjectionStoreUnavailable(this.projection, error) : error;
    }
  }
}
