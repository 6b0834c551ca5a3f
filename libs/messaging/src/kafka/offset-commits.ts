// The offsets every partition lane of a consumer owes, committed together: one OffsetCommit request
// at a time, carrying each partition's newest offset owed when it starts, and the next one no sooner
// than `spacingMs` after it began. At 1,000 tx/s six lanes each committed every batch of a transaction or
// two: 138 commit round trips a second, about two thirds of the consumer's requests to the broker
// (docs/BENCHMARKS.md, "Scoring", "The offered load in a process of its own"). A commit is still made
// only for a batch already handled (durable): it is just made later. Batches handled since the last
// request are delivered again (and recognised: idempotent appends) after a crash, and after a
// rebalance that takes their partition away before the owed offsets went out: `hurry()` sends them
// at once when the group starts rebalancing, but the coordinator may already refuse them.
// A request that fails rejects every offset it carried, with the partitions named; the lanes keep
// them as owed (commits are cumulative: their next commit covers them). After a failed request the
// next round sends each partition in a request of its own, so that one partition the coordinator
// refuses does not hold back the others' commits; a round without failure merges them again.
// A partition forgotten (revoked) while its offset waits in a round is dropped from the requests of
// that round not yet sent: an old member's offset must not overwrite what the new owner committed.

export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to consume (the last handled + 1). */
  readonly offset: string;
}

interface Owed {
  offset: string;
  readonly topic: string;
  readonly partition: number;
  readonly waiters: { resolve(): void; reject(error: unknown): void }[];
  /** The partition was forgotten (revoked): this offset is not to be sent. */
  cancelled?: boolean;
}

export class OffsetCommits {
  private owed = new Map<string, Owed>();
  /** The entries of the round being sent (taken out of `owed`). */
  private round: readonly Owed[] = [];
  private running: Promise<void> | undefined;
  /** When the last request began (performance.now()). */
  private lastStarted = Number.NEGATIVE_INFINITY;
  /** Ends the pause between two requests early. */
  private wake: (() => void) | undefined;
  /** The next request goes without waiting out the interval. */
  private hurried = false;
  /** The last request failed: send each partition alone until a round succeeds. */
  private split = false;

  constructor(
    private readonly send: (offsets: readonly OffsetToCommit[]) => Promise<void>,
    private spacingMs: number,
  ) {}

  /** Settles when a request carrying this offset (or a later one of the partition) has. */
  commit(topic: string, partition: number, offset: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const name = `${topic}|${partition}`;
      const entry = this.owed.get(name);
      if (entry) {
        entry.offset = offset;
        entry.waiters.push({ resolve, reject });
      } else {
        this.owed.set(name, { topic, partition, offset, waiters: [{ resolve, reject }] });
      }
      this.running ??= this.loop();
    });
  }

  /** The partition went to another member: what it owed is not ours to commit any more. */
  forget(topic: string, partition: number): void {
    const name = `${topic}|${partition}`;
    const cancel = (entry: Owed) => {
      entry.cancelled = true;
      for (const waiter of entry.waiters.splice(0)) waiter.resolve();
    };
    const owed = this.owed.get(name);
    if (owed) cancel(owed);
    this.owed.delete(name);
    for (const taken of this.round) if (taken.topic === topic && taken.partition === partition) cancel(taken);
  }

  /** Send what is owed now, not at the end of the interval (the group is about to rebalance). */
  hurry(): void {
    if (this.running === undefined) return; // nothing owed: nothing to hurry
    this.hurried = true;
    this.wake?.();
  }

  /** From now on commit without waiting out the interval (a graceful stop): settles when idle. */
  flush(): Promise<void> {
    this.spacingMs = 0;
    this.wake?.();
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    for (;;) {
      const wait = this.lastStarted + this.spacingMs - performance.now();
      if (wait > 0 && !this.hurried) await this.pause(wait);
      this.hurried = false;
      if (this.owed.size === 0) break;
      const taken = [...this.owed.values()];
      this.owed = new Map();
      this.round = taken;
      this.lastStarted = performance.now();
      let failed = false;
      for (const entries of this.split ? taken.map((entry) => [entry]) : [taken])
        failed = (await this.request(entries)) || failed;
      this.round = [];
      this.split = failed;
    }
    this.running = undefined;
  }

  /** One commit request of what is not cancelled; settles its waiters. Resolves whether it failed. */
  private request(taken: readonly Owed[]): Promise<boolean> {
    const entries = taken.filter((entry) => !entry.cancelled);
    if (entries.length === 0) return Promise.resolve(false);
    const settle = (error?: unknown) => {
      for (const entry of entries)
        for (const waiter of entry.waiters.splice(0))
          if (error === undefined) waiter.resolve();
          else waiter.reject(error);
    };
    return this.send(entries.map(({ topic, partition, offset }) => ({ topic, partition, offset }))).then(
      () => {
        settle();
        return false;
      },
      (error: unknown) => {
        settle(new CommitFailed(entries, error));
        return true;
      },
    );
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(handle);
        this.wake = undefined;
        resolve();
      };
      const handle = setTimeout(wake, ms);
      this.wake = wake;
    });
  }
}

/** A commit request refused or lost; names the partitions it carried and keeps the cause. */
export class CommitFailed extends Error {
  constructor(
    entries: readonly OffsetToCommit[],
    override readonly cause: unknown,
  ) {
    const partitions = entries.map(({ topic, partition, offset }) => `${topic}[${partition}]@${offset}`);
    super(`committing offsets ${partitions.join(', ')}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'CommitFailed';
  }
}
