// The offsets every partition lane of a consumer owes, committed together: one OffsetCommit request
// at a time, carrying each partition's newest offset owed when it starts, and the next one no sooner
// than `spacingMs` after it began. At 1,000 tx/s six lanes each committed every batch of a transaction or
// two: 125 commit round trips a second, half of the consumer's requests to the broker
// (docs/BENCHMARKS.md, "Scoring", "The offered load in a process of its own"). A commit is still made
// only for a batch already handled (durable): it is just made later, and a crash in between delivers
// at most that interval's batches again, which the handlers recognise (idempotent appends).
// A request that fails rejects every offset it carried; the lanes keep them as owed (commits are
// cumulative: their next commit covers them).

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
}

export class OffsetCommits {
  private owed = new Map<string, Owed>();
  private running: Promise<void> | undefined;
  /** When the last request began (performance.now()). */
  private lastStarted = Number.NEGATIVE_INFINITY;
  /** Ends the pause between two requests early. */
  private wake: (() => void) | undefined;

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
    const entry = this.owed.get(name);
    this.owed.delete(name);
    for (const waiter of entry?.waiters ?? []) waiter.resolve();
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
      if (wait > 0) await this.pause(wait);
      if (this.owed.size === 0) break;
      const taken = [...this.owed.values()];
      this.owed = new Map();
      this.lastStarted = performance.now();
      await this.send(taken.map(({ topic, partition, offset }) => ({ topic, partition, offset }))).then(
        () => taken.forEach((entry) => entry.waiters.forEach((waiter) => waiter.resolve())),
        (error: unknown) => taken.forEach((entry) => entry.waiters.forEach((waiter) => waiter.reject(error))),
      );
    }
    this.running = undefined;
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
