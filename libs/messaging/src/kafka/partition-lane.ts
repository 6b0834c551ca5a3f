// One partition's way from kafkajs to the handler, decoupled from the fetch loop. kafkajs fetches
// again only when every batch of a fetch has been handed over; when handing over meant awaiting the
// handler, a message that arrived during one round of handlers waited in Kafka for the slowest
// partition's round to end and a fetch to be sent (34 ms of the 48 ms median at 1,000 tx/s in the
// scoring bench). The lane takes the fetched messages into a bounded buffer at once (the fetch loop
// goes on), and hands everything buffered to the handler as one batch as soon as there is room for
// it: up to `inFlight` batches at once, each containing what arrived while the earlier ones ran, so
// batches grow with the load by themselves.
//
// Guarantees (the TransactionBus port's): batches hold contiguous messages in offset order; offsets
// are committed in order, each only after its batch and every earlier one resolved; when a batch
// rejects, it and everything after it are delivered again (after a back-off), whatever the later
// batches' own outcome; nothing is committed for a partition this member lost.
import type { BusBatch, BusMessage } from '../transaction-bus.port.js';

export interface LaneIo {
  handle(batch: BusBatch): Promise<void>;
  /** Commits `nextOffset` (the offset after the batch) for the partition. */
  commit(nextOffset: string): Promise<void>;
  /** Stop fetching the partition (its batch failed). */
  pause(): void;
  /** Fetch the partition again from `offset` (what failed), or just resume it (`undefined`). */
  rewind(offset: string | undefined): void;
  onError?(error: unknown, batch: BusBatch): void;
  /** A commit or a kafkajs call that failed; the lane goes on (commits are cumulative, calls retried). */
  onTrouble?(what: string, error: unknown): void;
}

export interface LaneLimits {
  /** Batches handed to the handler before the earlier ones resolved. */
  readonly inFlight: number;
  /** Messages buffered before the fetch loop is held back; also the largest batch. */
  readonly maxBuffered: number;
  /** Back-off after the first failure; doubled per consecutive failure up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

type Outcome = { ok: true } | { ok: false; error: unknown };

export class PartitionLane {
  private buffer: BusMessage[] = [];
  private highWatermark = '0';
  /** Highest offset taken in; later copies (a refetch after a rebalance) are dropped. */
  private lastTaken: bigint | undefined;
  private running = 0;
  /** Settles in order: each link commits its batch or starts a rewind. */
  private settled: Promise<void>;
  private accepting = true;
  private committing = true;
  /** First offset of the failed batch while the lane waits to fetch it again. */
  private failedAt: string | undefined;
  private failures = 0;
  /** A batch in flight rejected: nothing new starts until it has been fetched again. */
  private stalled = false;
  /** Offset a commit is owed for: commits run one at a time, each for the newest offset owed. */
  private owed: string | undefined;
  private commits: Promise<void> = Promise.resolve();
  private commitRunning = false;
  private uncommitted: string | undefined;
  private roomWaiters: (() => void)[] = [];
  private readonly previousLane: Promise<void>;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly io: LaneIo,
    private readonly limits: LaneLimits,
    /** What must settle before this lane's first batch (the partition's previous lane, if any). */
    after: Promise<void> = Promise.resolve(),
  ) {
    this.previousLane = after.catch(() => undefined);
    this.settled = this.previousLane;
  }

  /** The buffer is full: the caller (the fetch loop) should wait for `room()`. */
  get full(): boolean {
    return this.accepting && this.failedAt === undefined && this.buffer.length >= this.limits.maxBuffered;
  }

  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /**
   * Takes a fetched batch's messages. False when the lane does not want them (it waits to fetch a
   * failed batch again, or is closed): the caller must not mark them consumed.
   */
  offer(messages: readonly BusMessage[], highWatermark: string): boolean {
    if (!this.accepting || this.failedAt !== undefined) return false;
    this.highWatermark = highWatermark;
    for (const message of messages) {
      const offset = BigInt(message.offset);
      if (this.lastTaken !== undefined && offset <= this.lastTaken) continue;
      this.buffer.push(message);
      this.lastTaken = offset;
    }
    this.pump();
    return true;
  }

  /** Graceful stop: nothing new starts, what runs finishes and is committed. */
  close(): Promise<void> {
    this.stopAccepting();
    return this.settled.then(() => this.commits).then(() => this.retryCommit());
  }

  /** The partition went to another member: nothing new starts and nothing more is committed. */
  revoke(): Promise<void> {
    this.committing = false;
    // A paused partition stays paused in kafkajs across rebalances: resume it for whoever gets it.
    if (this.failedAt !== undefined) this.report('resuming the partition', () => this.io.rewind(undefined));
    this.stopAccepting();
    return this.settled;
  }

  private stopAccepting(): void {
    this.accepting = false;
    this.buffer = [];
    this.wakeWaiters();
  }

  private pump(): void {
    while (
      this.accepting &&
      !this.stalled &&
      this.failedAt === undefined &&
      this.running < this.limits.inFlight
    ) {
      if (this.buffer.length === 0) return;
      const messages = this.buffer.splice(0, this.limits.maxBuffered);
      this.wakeWaiters();
      this.start({
        topic: this.topic,
        partition: this.partition,
        messages,
        highWatermark: this.highWatermark,
      });
    }
  }

  private start(batch: BusBatch): void {
    this.running++;
    // The partition's previous lane (lost, then assigned again) may still run a batch: never two
    // lanes' batches of one partition at once.
    const outcome: Promise<Outcome> = this.previousLane
      .then(() => this.io.handle(batch))
      .then(
        (): Outcome => ({ ok: true }),
        (error: unknown): Outcome => {
          // Said at once, not when the batches before it settle: a batch started in between would
          // build on this one's work, which is about to be delivered again.
          this.stalled = true;
          return { ok: false, error };
        },
      );
    this.settled = this.settled
      .then(() => outcome.then((result) => this.finish(batch, result)))
      .catch((error: unknown) => this.tell('settling a batch', error));
  }

  private async finish(batch: BusBatch, result: Outcome): Promise<void> {
    this.running--;
    const first = batch.messages[0]!.offset;
    const next = (BigInt(batch.messages.at(-1)!.offset) + 1n).toString();
    if (!this.committing) return;
    if (this.failedAt !== undefined) {
      // An earlier batch failed: this one is delivered again with it, whatever its own outcome.
      if (this.running === 0 && this.accepting) await this.rewind();
      return;
    }
    if (result.ok) {
      this.failures = 0;
      this.commitLater(next);
      this.pump();
      return;
    }
    this.report('reporting a failed batch', () => this.io.onError?.(result.error, batch));
    this.failedAt = first;
    this.lastTaken = BigInt(first) - 1n;
    this.buffer = [];
    this.failures++;
    // May throw while kafkajs restarts its consumer: offers are refused meanwhile anyway.
    this.report('pausing the partition', () => this.io.pause());
    this.wakeWaiters();
    if (this.running === 0 && this.accepting) await this.rewind();
  }

  /** Every batch after the failed one has settled: wait the back-off, then fetch it again. */
  private async rewind(): Promise<void> {
    const offset = this.failedAt!;
    for (;;) {
      const base = this.limits.backoffMs ?? 200;
      const delay = Math.min(base * 2 ** (this.failures - 1), this.limits.maxBackoffMs ?? 5_000);
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (!this.committing || !this.accepting) return;
      try {
        this.io.rewind(offset);
        break;
      } catch (error) {
        // kafkajs refuses seek/resume while its consumer restarts: try again after a longer wait.
        this.failures++;
        this.tell(`fetching offset ${offset} again (retrying)`, error);
      }
    }
    this.failedAt = undefined;
    this.stalled = false;
  }

  /** A callback or a kafkajs call that throws must not break the lane's chain (or crash Node). */
  private report(what: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.tell(what, error);
    }
  }

  private tell(what: string, error: unknown): void {
    try {
      this.io.onTrouble?.(`${this.topic}[${this.partition}]: ${what}`, error);
    } catch {
      // The reporter itself failed: there is no one left to tell, and the lane must go on.
    }
  }

  /**
   * An offset commit is a round trip to the group coordinator: awaiting each in turn would pace the
   * partition's batches by it. Commits are cumulative, so while one is under way only the newest
   * owed offset is kept, and committed next.
   */
  private commitLater(nextOffset: string): void {
    this.owed = nextOffset;
    if (!this.commitRunning) this.commits = this.commitOwed();
  }

  private async commitOwed(): Promise<void> {
    this.commitRunning = true;
    try {
      while (this.owed !== undefined && this.committing) {
        const offset = this.owed;
        this.owed = undefined;
        await this.commitQuietly(offset);
      }
    } finally {
      this.commitRunning = false;
    }
  }

  private async commitQuietly(nextOffset: string): Promise<void> {
    try {
      await this.io.commit(nextOffset);
      this.uncommitted = undefined;
    } catch (error) {
      // Commits are cumulative: the next batch's commit covers this one (and close() retries).
      this.uncommitted = nextOffset;
      this.tell(`committing offset ${nextOffset}`, error);
    }
  }

  private async retryCommit(): Promise<void> {
    if (this.committing && this.uncommitted !== undefined) await this.commitQuietly(this.uncommitted);
  }

  private wakeWaiters(): void {
    if (this.full) return;
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
