// Shapes of a subscription: the handler, where its checkpoint lives, and the handle a caller holds.
import type { FeedFilter, FeedPosition, RecordedEvent } from '../event-store.port.js';

export interface SubscriptionContext<Client> {
  readonly subscriptionId: string;
  /** Checkpoint that will be saved with this batch (after its last event). */
  readonly checkpoint: string;
  /**
   * The checkpoint store's unit of work: for PostgresCheckpointStore, the pg client inside the
   * transaction that also saves the checkpoint. Write your rows through it to commit them together.
   */
  readonly client: Client;
}

export type SubscriptionHandler<Client> = (
  events: readonly RecordedEvent[],
  context: SubscriptionContext<Client>,
) => Promise<void>;

/**
 * Where a subscription keeps its position. `withTransaction` runs the handler and `save` as one
 * unit, so a crash between them redelivers the batch instead of losing or half-applying it.
 */
export interface CheckpointStore<Client> {
  load(subscriptionId: string): Promise<string | undefined>;
  withTransaction<T>(work: (client: Client) => Promise<T>): Promise<T>;
  save(subscriptionId: string, checkpoint: string, client: Client): Promise<void>;
  /** Records an event the handler could not process (onError 'dead-letter'). */
  deadLetter(subscriptionId: string, event: RecordedEvent, error: unknown, client: Client): Promise<void>;
}

export interface SubscribeOptions<Client> {
  readonly checkpoints: CheckpointStore<Client>;
  /** Where to start when no checkpoint is stored (default 'start'); ignored once one is. */
  readonly from?: FeedPosition;
  readonly filter?: FeedFilter;
  /** Events per handler call (default 500): the page near the feed's head. */
  readonly batchSize?: number;
  /**
   * Largest page while catching up (default `batchSize`: pages never grow). Each page read short of
   * the feed's end doubles the next read, up to this; the end of the feed brings the page back to
   * `batchSize`. Larger pages cost fewer round trips and commits per event in a catch-up and hold
   * more in memory; live, the page is small again.
   */
  readonly maxBatchSize?: number;
  /** Called each time the subscription has delivered everything visible, and goes live. */
  readonly onCaughtUp?: () => void;
  /**
   * 'stop' (default): a handler error stops the subscription at that batch, checkpoint unmoved.
   * 'dead-letter': the batch is retried event by event; the failing event is recorded through
   * `checkpoints.deadLetter` in the same transaction that moves the checkpoint past it.
   */
  readonly onError?: 'stop' | 'dead-letter';
  /** Polling fallback when no wake-up arrives (default 1000 ms). */
  readonly pollIntervalMs?: number;
}

export interface Subscription {
  readonly subscriptionId: string;
  /** Resolves the first time everything visible has been delivered. */
  readonly caughtUp: Promise<void>;
  /** Resolves after stop(); rejects with SubscriptionFailed when the handler (or the store) failed. */
  readonly done: Promise<void>;
  /** Last checkpoint committed by this subscription. */
  readonly checkpoint: FeedPosition;
  stop(): Promise<void>;
}
