// One reader of the event store's feed for several projections. Each page is read once (with the
// union of their filters) and handed to every projection, each applying it in its own transaction
// with its own checkpoint, in parallel on their own connections, each on its own chain of pages: a
// fast projection may be up to PAGES_AHEAD pages ahead of a slow one, and the read goes on meanwhile.
// The read starts at the checkpoint furthest behind; a projection ahead of a page takes only the
// events after its own checkpoint, so nothing is applied twice.
// A projection that stops on a failure leaves the feed; one that pauses (retriable error, or a
// rebuild moved its checkpoint) rejoins by a restart of the read from the earliest checkpoint.
import {
  START,
  type EventStore,
  type FeedPosition,
  type RecordedEvent,
  type Subscription,
} from '#eventstore';
import { isRetriablePgError } from './pg-errors.js';
import { earliestPosition, requireCheckpointsOf, unionFilter, type FeedStore } from './feed-order.js';
import type { ProjectionRunner } from './projection-runner.js';

/** Events per page near the feed's head (PROJECTIONS_BATCH_SIZE's default). */
export const DEFAULT_PAGE = 2000;
/**
 * Largest page while catching up (PROJECTIONS_CATCH_UP_BATCH_SIZE's default): pages double from
 * DEFAULT_PAGE while the read is behind the head, up to this.
 */
export const DEFAULT_CATCH_UP_PAGE = 10_000;

export interface ProjectionFeedOptions {
  /** Events per page near the feed's head (one transaction per projection and page). */
  readonly batchSize?: number;
  /**
   * Largest page while catching up: pages double while the read is behind the head, and are
   * `batchSize` again at the head. Memory: up to PAGES_AHEAD + 2 pages are held at once (the pages
   * queued, the one read ahead and the one being read).
   */
  readonly maxBatchSize?: number;
  readonly pollIntervalMs?: number;
  readonly retryDelayMs?: number;
  readonly log?: (entry: Record<string, unknown>) => void;
  /**
   * The event store the feed reads (its EVENT_STORE): a projection whose checkpoint the other store
   * wrote is stopped with the fix on /ready, instead of every read failing. Unchecked when absent.
   */
  readonly eventStore?: FeedStore;
}

/** Pages a projection may be behind the read (the fastest projection's lead on the slowest). */
const PAGES_AHEAD = 3;

/** A page queued for one projection, with the seat it was queued under. */
interface QueuedPage {
  readonly events: readonly RecordedEvent[];
  readonly from: FeedPosition;
  readonly checkpoint: string;
  readonly seat: object | undefined;
}

export class ProjectionFeed {
  private subscription: Subscription | undefined;
  private attached: ProjectionRunner[] = [];
  /** Settles when every page delivered so far has been applied by every projection it went to. */
  private inFlight: Promise<void> = Promise.resolve();
  /** Pages being applied, oldest first (at most PAGES_AHEAD). */
  private applying: Promise<void>[] = [];
  /**
   * A token per projection for its time on the feed: replaced when it is attached, removed when it
   * leaves. A queued page is applied only while the token it was queued with is still current.
   */
  private readonly seats = new Map<ProjectionRunner, object>();
  /** Each projection's last queued page: its next page is applied after it. */
  private readonly chains = new Map<ProjectionRunner, Promise<void>>();
  /** Each projection's pages queued and not yet taken by an apply, oldest first. */
  private readonly queued = new Map<ProjectionRunner, QueuedPage[]>();
  /** Where the page being delivered started (the previous page's checkpoint). */
  private readFrom: FeedPosition = START;
  private stopping = false;
  private restarting: Promise<void> | undefined;
  private restartAgain = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    readonly runners: readonly ProjectionRunner[],
    private readonly options: ProjectionFeedOptions = {},
  ) {
    for (const runner of runners) runner.joinFeed(this);
  }

  start(): void {
    this.requestRestart(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.restarting;
    await this.subscription?.stop();
    await this.inFlight;
    for (const runner of this.runners) runner.stopped();
  }

  /** Leaves the feed at once (the runner failed or pauses); its next pages are not delivered. */
  detach(runner: ProjectionRunner): void {
    this.attached = this.attached.filter((member) => member !== runner);
    this.seats.delete(runner);
    this.queued.delete(runner);
  }

  /** Restarts the read after `delayMs`, from the earliest checkpoint of every runner not failed. */
  requestRestart(delayMs: number): void {
    if (this.stopping) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.restart(), delayMs);
  }

  private async restart(): Promise<void> {
    if (this.restarting) {
      this.restartAgain = true;
      return this.restarting;
    }
    this.restarting = (async () => {
      do {
        this.restartAgain = false;
        await this.subscription?.stop();
        this.subscription = undefined;
        await this.inFlight;
        if (this.stopping) return;
        await this.subscribe();
      } while (this.restartAgain && !this.stopping);
    })()
      .catch((error: unknown) => {
        // Loading a checkpoint failed for a reason the runners did not classify: say so, try again.
        this.options.log?.({ level: 'error', msg: 'projection feed restart failed', error: String(error) });
        this.requestRestart(this.options.retryDelayMs ?? 2000);
      })
      .finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** False (and the runner stopped, saying why and how to fix it) for a checkpoint of the other store. */
  private fromThisStore(runner: ProjectionRunner, from: FeedPosition): boolean {
    if (!this.options.eventStore) return true;
    try {
      requireCheckpointsOf(this.options.eventStore, [from]);
      return true;
    } catch (error) {
      runner.readFailed(error, false);
      return false;
    }
  }

  private async subscribe(): Promise<void> {
    const candidates = this.runners.filter((runner) => runner.state.status !== 'failed');
    const loaded = await Promise.all(
      candidates.map(async (runner) => ({ runner, from: await runner.load() })),
    );
    const ready = loaded.filter(
      (entry): entry is { runner: ProjectionRunner; from: FeedPosition } => entry.from !== undefined,
    );
    if (ready.length < candidates.length) this.requestRestart(this.options.retryDelayMs ?? 2000);
    const own = ready.filter((entry) => this.fromThisStore(entry.runner, entry.from));
    this.attached = own.map((entry) => entry.runner);
    for (const runner of this.attached) this.seats.set(runner, {});
    if (own.length === 0) return;
    const from = earliestPosition(own.map((entry) => entry.from));
    this.readFrom = from;
    const subscription = this.store.subscribe<null>(
      `projections-feed:${this.attached.map((runner) => runner.projection.name).join(',')}`,
      (events, context) => this.deliver(events, context.checkpoint),
      {
        // The feed's position lives in each projection's checkpoint row, saved with its rows.
        checkpoints: {
          load: () => Promise.resolve(from === START ? undefined : from),
          withTransaction: (work) => work(null),
          save: () => Promise.resolve(),
          deadLetter: () => Promise.reject(new Error('The projection feed never dead-letters events.')),
        },
        filter: unionFilter(this.attached.map((runner) => runner.projection.filter)),
        batchSize: this.options.batchSize ?? DEFAULT_PAGE,
        maxBatchSize: this.options.maxBatchSize ?? DEFAULT_CATCH_UP_PAGE,
        pollIntervalMs: this.options.pollIntervalMs ?? 1000,
        onError: 'stop',
        onCaughtUp: () => {
          // Only the projections still on the feed once the pages queued so far are applied: one that
          // paused or failed on one of them has not caught up.
          const members = this.attached.map((runner) => ({ runner, seat: this.seats.get(runner) }));
          void this.inFlight.then(() =>
            members.forEach(({ runner, seat }) => {
              if (this.seats.get(runner) === seat) runner.caughtUpWithFeed();
            }),
          );
        },
      },
    );
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.onReadFailure(subscription, error));
  }

  /**
   * Queues a page for every attached projection. Each applies its pages in order on its own chain,
   * so a fast projection goes on to the next page while a slow one is still on this one (their work
   * overlaps instead of every page waiting for the slowest); the read waits once the oldest page
   * still being applied is PAGES_AHEAD pages back. When a projection gets to its next page and more
   * of its pages are queued behind it, it applies them together, as one page, in one transaction
   * (up to the largest page): at the feed's head pages are small, each with the same statements and
   * commit whatever its size, so a projection that falls behind catches up in fewer, larger pages
   * instead of repeating that work for every small one. A projection that left the feed (failed,
   * paused, moved by a rebuild) applies none of its queued pages: it would skip the page it failed on.
   */
  private async deliver(events: readonly RecordedEvent[], checkpoint: string) {
    while (this.applying.length >= PAGES_AHEAD) await this.applying.shift();
    const from = this.readFrom;
    this.readFrom = checkpoint;
    const page = Promise.all(
      this.attached.map((runner) => {
        const queue = this.queued.get(runner) ?? [];
        queue.push({ events, from, checkpoint, seat: this.seats.get(runner) });
        this.queued.set(runner, queue);
        const applied = (this.chains.get(runner) ?? Promise.resolve())
          .then(() => this.applyQueued(runner))
          .catch((error: unknown) => {
            // deliver() settles its own failures; should it ever reject, the projection stops here
            // (off the feed, state failed) rather than skip this page or break every later one.
            this.detach(runner);
            try {
              runner.readFailed(error, false);
            } catch {
              // its logger threw too: the state was set before logging
            }
          });
        this.chains.set(runner, applied);
        return applied;
      }),
    ).then(() => undefined);
    this.applying.push(page);
    // Every chain, a detached projection's too: a restart or stop waits for all they still hold.
    this.inFlight = Promise.all(this.chains.values()).then(() => undefined);
  }

  /**
   * Applies the pages queued for `runner` (none when an earlier link of its chain took them all):
   * the oldest and the ones after it, as one page, while their events stay within the largest
   * page. Only pages queued under the runner's current seat: one queued before it left the feed
   * (not detached since, nor detached and subscribed again) is dropped.
   */
  private applyQueued(runner: ProjectionRunner): Promise<void> | undefined {
    const queue = this.queued.get(runner) ?? [];
    const seat = this.seats.get(runner);
    while (queue.length > 0 && queue[0]!.seat !== seat) queue.shift();
    if (queue.length === 0) return undefined;
    const largest = Math.max(this.options.maxBatchSize ?? DEFAULT_CATCH_UP_PAGE, 1);
    const taken = [queue.shift()!];
    let size = taken[0]!.events.length;
    while (queue.length > 0 && queue[0]!.seat === seat && size + queue[0]!.events.length <= largest) {
      const next = queue.shift()!;
      taken.push(next);
      size += next.events.length;
    }
    const events = taken.length === 1 ? taken[0]!.events : taken.flatMap((page) => page.events);
    return runner.deliver(events, taken[0]!.from, taken[taken.length - 1]!.checkpoint);
  }

  private onReadFailure(subscription: Subscription, error: unknown): void {
    if (this.stopping || subscription !== this.subscription) return;
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    const retriable = isRetriablePgError(cause);
    for (const runner of this.attached) runner.readFailed(cause, retriable);
    this.attached = [];
    this.seats.clear();
    if (retriable) this.requestRestart(this.options.retryDelayMs ?? 2000);
  }
}
