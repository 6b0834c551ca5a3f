// The catch-up-then-live loop every adapter shares: read a page of the feed after the checkpoint,
// hand it to the handler and save the checkpoint in the checkpoint store's transaction, repeat;
// at the end of the feed, wait for a wake-up (LISTEN/NOTIFY, an in-process append) or the poll.
import type { FeedFilter, FeedPage, FeedPosition, RecordedEvent } from '../event-store.port.js';
import { START } from '../event-store.port.js';
import { SubscriptionFailed } from '../errors.js';
import type { SubscribeOptions, Subscription, SubscriptionHandler } from './subscription.types.js';

export interface FeedSource {
  readAll(from: FeedPosition, limit: number, filter?: FeedFilter): Promise<FeedPage>;
  /** Counts the appends the source has heard of; read it before a read, pass it to waitForAppend. */
  generation(): number;
  /**
   * Resolves as soon as the generation moves past `seen` (at once if it already has, so an append
   * between the read and the wait is not missed), after `timeoutMs`, or when `signal` aborts.
   */
  waitForAppend(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Starts listening for appends before the first read. */
  ready?(): Promise<void>;
}

const retriable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;

export function runSubscription<Client>(
  source: FeedSource,
  subscriptionId: string,
  handler: SubscriptionHandler<Client>,
  options: SubscribeOptions<Client>,
): Subscription {
  const { checkpoints, filter } = options;
  const batchSize = options.batchSize ?? 500;
  const maxBatchSize = Math.max(batchSize, options.maxBatchSize ?? batchSize);
  /** Events asked for by the next read: grows while catching up, back to batchSize at the end. */
  let limit = batchSize;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const stopping = new AbortController();
  let position: FeedPosition = START;
  let markCaughtUp: () => void = () => undefined;
  let failCaughtUp: (error: unknown) => void = () => undefined;
  const caughtUp = new Promise<void>((resolve, reject) => {
    markCaughtUp = resolve;
    failCaughtUp = reject;
  });

  const commit = async (events: readonly RecordedEvent[], checkpoint: string): Promise<void> => {
    await checkpoints.withTransaction(async (client) => {
      if (events.length > 0) await handler(events, { subscriptionId, checkpoint, client });
      await checkpoints.save(subscriptionId, checkpoint, client);
    });
    position = checkpoint;
  };

  // One event at a time, so only the poison event is dead-lettered and the rest are applied.
  const commitOneByOne = async (events: readonly RecordedEvent[]): Promise<void> => {
    for (const event of events) {
      try {
        await commit([event], event.checkpoint);
      } catch (error) {
        if (retriable(error)) throw error;
        await checkpoints.withTransaction(async (client) => {
          await checkpoints.deadLetter(subscriptionId, event, error, client);
          await checkpoints.save(subscriptionId, event.checkpoint, client);
        });
        position = event.checkpoint;
      }
    }
  };

  const deliver = async (page: FeedPage): Promise<void> => {
    const checkpoint = page.checkpoint;
    if (checkpoint === position) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await commit(page.events, checkpoint);
        return;
      } catch (error) {
        if (retriable(error) && attempt < 5 && !stopping.signal.aborted) {
          await sleep(100 * 2 ** attempt, stopping.signal);
          continue;
        }
        if (options.onError === 'dead-letter' && !retriable(error)) {
          // Events the page carries after the last delivered one; a filtered tail is saved last.
          await commitOneByOne(page.events);
          if (position !== checkpoint) await commit([], checkpoint);
          return;
        }
        throw new SubscriptionFailed(
          subscriptionId,
          position,
          page.events.map((event) => event.eventId),
          error,
        );
      }
    }
  };

  // During catch-up the next page is read while the handler and the checkpoint commit run on this
  // one: reads are read-only, so a page read ahead is simply dropped if delivery fails or stops.
  // Measured: the catch-up rate was the sum of read and commit times; now it is about the larger.
  let ahead: { from: FeedPosition; seen: number; page: Promise<FeedPage> } | undefined;
  const readAhead = (from: FeedPosition) => {
    const next = { from, seen: source.generation(), page: source.readAll(from, limit, filter) };
    // Its failure is handled when (if) the loop takes it; the next read then retries as usual.
    next.page.catch(() => undefined);
    ahead = next;
  };

  const loop = async (): Promise<void> => {
    await source.ready?.();
    const stored = await checkpoints.load(subscriptionId);
    position = stored ?? options.from ?? START;
    let live = false;
    let readFailures = 0;
    let heldBackDelay = 0;
    while (!stopping.signal.aborted) {
      let page: FeedPage;
      let seen: number;
      const pending = ahead?.from === position ? ahead : undefined;
      ahead = undefined;
      try {
        if (pending) {
          seen = pending.seen;
          page = await pending.page;
        } else {
          seen = source.generation();
          page = await source.readAll(position, limit, filter);
        }
        readFailures = 0;
      } catch (error) {
        readFailures += 1;
        if (!retriable(error) || readFailures > 10)
          throw new SubscriptionFailed(subscriptionId, position, [], error);
        await sleep(Math.min(100 * 2 ** readFailures, 5000), stopping.signal);
        continue;
      }
      if (stopping.signal.aborted) break;
      // Behind the head: the next page may be larger. At the head: small pages, quick commits.
      limit = page.endOfFeed ? batchSize : Math.min(limit * 2, maxBatchSize);
      if (!page.endOfFeed) readAhead(page.checkpoint);
      await deliver(page);
      if (!page.endOfFeed) {
        live = false;
        continue;
      }
      if (!live) {
        live = true;
        markCaughtUp();
        options.onCaughtUp?.();
      }
      // Committed events still hidden by an older running transaction: their NOTIFY has come and
      // gone, so look again soon (backing off up to the poll interval) instead of a whole poll. The
      // back-off counts quiet waits only: reads woken by appends do not grow it (they did at first,
      // and a burst of appends left the last ones waiting a whole poll; measured).
      heldBackDelay = page.heldBack ? Math.min(Math.max(heldBackDelay * 2, 5), pollIntervalMs) : 0;
      await source.waitForAppend(seen, heldBackDelay || pollIntervalMs, stopping.signal);
      if (source.generation() !== seen) heldBackDelay = 0;
    }
  };

  // Nothing of ours is still reading once `done` settles (a store may end its pool right after).
  const done = loop().finally(() =>
    ahead?.page.then(
      () => undefined,
      () => undefined,
    ),
  );
  // A failure before catching up also rejects `caughtUp` (a no-op once it resolved). Both promises
  // stay rejected for whoever awaits them; the handlers here only keep a holder that has not looked
  // yet from crashing the process with an unhandled rejection.
  done.catch(failCaughtUp);
  caughtUp.catch(() => undefined);
  return {
    subscriptionId,
    caughtUp,
    done,
    get checkpoint() {
      return position;
    },
    // Stopping is shutdown: it waits for the loop to end but leaves a failure to `done`.
    stop: async () => {
      stopping.abort();
      await done.catch(() => undefined);
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}
