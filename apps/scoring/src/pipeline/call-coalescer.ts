// Merges concurrent small calls of one kind into one round trip: at 1,000 tx/s the six partitions
// each hand over a transaction or two every few milliseconds, and each slice appending and saving
// on its own made two statements (and their commits) per slice: the machine's CPU went to round
// trips, not to scoring (docs/BENCHMARKS.md, "Scoring", "Small slices merged").
// A call starts at once while fewer than `maxInFlight` merged calls run; otherwise it waits and goes
// with every call queued meanwhile, as one, in arrival order. Each caller gets its own part of the
// results. A call of `bypassAt` items or more goes straight through: large slices already fill a
// statement, and serialising them would cost the drain its parallel connections.
// Keys are distinct within one merged call (appendMany requires distinct streams; an upsert cannot
// touch one row twice): a call repeating a key already taken waits for the next merged call.
// A merged call that fails is tried again caller by caller, so one caller's bad data fails that
// caller alone, never the partitions it happened to be merged with. A call must give one result per
// item (else it counts as failed). Trade-off: while one merged call hangs (a lost connection, a lock
// wait), the small slices of every partition wait behind it, where before only its own partition did.

export interface CallCoalescerOptions<Item> {
  /** Merged calls running at once. */
  readonly maxInFlight: number;
  /** Items of one merged call, at most (a single call larger than this goes alone). */
  readonly maxItems: number;
  /** Calls of this many items or more are not merged. */
  readonly bypassAt: number;
  readonly keyOf: (item: Item) => string;
}

interface Waiting<Item, Result> {
  readonly items: readonly Item[];
  resolve(results: Result[]): void;
  reject(error: unknown): void;
}

export class CallCoalescer<Item, Result> {
  private readonly queue: Waiting<Item, Result>[] = [];
  private running = 0;
  /** Merged calls made (each of two callers or more), for tests and metrics. */
  merged = 0;

  constructor(
    private readonly call: (items: readonly Item[]) => Promise<readonly Result[]>,
    private readonly options: CallCoalescerOptions<Item>,
  ) {}

  /** Results in the order of `items`, as `call` gives them. */
  submit(items: readonly Item[]): Promise<Result[]> {
    if (items.length >= this.options.bypassAt) return this.callOnce(items);
    return new Promise<Result[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxInFlight && this.queue.length > 0) {
      const taken = this.take();
      this.running += 1;
      void this.run(taken).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  /** The longest prefix of the queue that fits one call with distinct keys (at least one caller). */
  private take(): Waiting<Item, Result>[] {
    const { keyOf, maxItems } = this.options;
    const taken: Waiting<Item, Result>[] = [];
    const keys = new Set<string>();
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (
        taken.length > 0 &&
        (count + next.items.length > maxItems || next.items.some((item) => keys.has(keyOf(item))))
      )
        break;
      this.queue.shift();
      taken.push(next);
      count += next.items.length;
      for (const item of next.items) keys.add(keyOf(item));
    }
    return taken;
  }

  /**
   * One call, always settling through the promise (a store that throws before its first await, as
   * the in-memory ones do, must reject its caller, not leave it waiting), with one result per item.
   */
  private async callOnce(items: readonly Item[]): Promise<Result[]> {
    const results = await Promise.resolve().then(() => this.call(items));
    if (results.length !== items.length)
      throw new Error(`a call of ${items.length} item(s) gave ${results.length} result(s)`);
    return [...results];
  }

  private async run(taken: readonly Waiting<Item, Result>[]): Promise<void> {
    if (taken.length === 1) {
      const [only] = taken;
      await this.callOnce(only!.items).then(
        (results) => only!.resolve(results),
        (error: unknown) => only!.reject(error),
      );
      return;
    }
    this.merged += 1;
    try {
      const results = await this.callOnce(taken.flatMap((waiting) => waiting.items));
      let at = 0;
      for (const waiting of taken) {
        waiting.resolve(results.slice(at, at + waiting.items.length));
        at += waiting.items.length;
      }
    } catch {
      // Which caller's items failed is unknown: each goes again alone and settles with its own outcome.
      await Promise.all(
        taken.map((waiting) =>
          this.callOnce(waiting.items).then(
            (results) => waiting.resolve(results),
            (error: unknown) => waiting.reject(error),
          ),
        ),
      );
    }
  }
}
