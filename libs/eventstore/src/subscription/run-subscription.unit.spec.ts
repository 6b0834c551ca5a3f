// The subscription loop's pacing, on a scripted feed: pages are read ahead during catch-up, and a
// page held back by the horizon is looked at again soon, however many wake-ups came before.
import { InMemoryCheckpointStore } from '../in-memory/in-memory-checkpoint-store.js';
import { event } from '../contract/index.js';
import type { FeedPage, RecordedEvent } from '../event-store.port.js';
import { runSubscription, type FeedSource } from './run-subscription.js';

const recorded = (n: number): RecordedEvent => ({
  ...event(),
  streamId: `transaction-${n}`,
  streamVersion: 1,
  globalPosition: String(n),
  recordedAt: '2026-01-01T00:00:00.000Z',
  checkpoint: `cp-${n}`,
});

describe('runSubscription', () => {
  it('reads the next catch-up page while the handler still works on the current one', async () => {
    const journal: string[] = [];
    const pages: Record<string, FeedPage> = {
      start: { events: [recorded(1)], checkpoint: 'cp-1', endOfFeed: false },
      'cp-1': { events: [recorded(2)], checkpoint: 'cp-2', endOfFeed: false },
      'cp-2': { events: [], checkpoint: 'cp-2', endOfFeed: true },
    };
    const source: FeedSource = {
      readAll: (from) => {
        journal.push(`read ${from}`);
        return Promise.resolve(pages[from]!);
      },
      generation: () => 0,
      waitForAppend: (_seen, _timeout, signal) =>
        new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    };
    const subscription = runSubscription(
      source,
      'read-ahead',
      async (events) => {
        journal.push(`handle ${events.map((e) => e.checkpoint).join()} start`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        journal.push(`handle ${events.map((e) => e.checkpoint).join()} end`);
      },
      { checkpoints: new InMemoryCheckpointStore() },
    );
    await subscription.caughtUp;
    await subscription.stop();
    expect(journal).toEqual([
      'read start',
      'read cp-1',
      'handle cp-1 start',
      'handle cp-1 end',
      'read cp-2',
      'handle cp-2 start',
      'handle cp-2 end',
    ]);
    expect(subscription.checkpoint).toBe('cp-2');
  });

  it('doubles the page while pages end short of the head, up to maxBatchSize, and starts small again at the head', async () => {
    const reads: string[] = [];
    const page = (n: number, endOfFeed: boolean): FeedPage => ({
      events: [recorded(n)],
      checkpoint: `cp-${n}`,
      endOfFeed,
    });
    const pages: Record<string, FeedPage[]> = {
      start: [page(1, false)],
      'cp-1': [page(2, false)],
      'cp-2': [page(3, false)],
      'cp-3': [page(4, true)],
      'cp-4': [{ events: [], checkpoint: 'cp-4', endOfFeed: true }, page(5, true)],
    };
    let waits = 0;
    let stop: () => Promise<void> = () => Promise.resolve();
    const source: FeedSource = {
      readAll: (from, limit) => {
        reads.push(`${from} x${limit}`);
        return Promise.resolve(pages[from]!.shift() ?? { events: [], checkpoint: from, endOfFeed: true });
      },
      generation: () => waits,
      waitForAppend: () => {
        waits += 1;
        if (waits === 3) void stop();
        return Promise.resolve();
      },
    };
    const subscription = runSubscription(source, 'growing', () => Promise.resolve(), {
      checkpoints: new InMemoryCheckpointStore(),
      batchSize: 2,
      maxBatchSize: 5,
    });
    stop = () => subscription.stop();
    await subscription.done;
    expect(reads).toEqual(['start x2', 'cp-1 x4', 'cp-2 x5', 'cp-3 x5', 'cp-4 x2', 'cp-4 x2']);
  });

  it('a held-back page is read again after 5 ms even when a burst of wake-ups preceded it', async () => {
    let generation = 0;
    const timeouts: number[] = [];
    let stop: () => Promise<void> = () => Promise.resolve();
    const source: FeedSource = {
      readAll: () => Promise.resolve({ events: [], checkpoint: 'start', endOfFeed: true, heldBack: true }),
      generation: () => generation,
      waitForAppend: (seen, timeoutMs) => {
        timeouts.push(timeoutMs);
        // Ten appends wake the reader at once; then the feed goes quiet.
        if (timeouts.length <= 10) generation = seen + 1;
        if (timeouts.length === 14) void stop();
        return Promise.resolve();
      },
    };
    const subscription = runSubscription(source, 'held-back', () => Promise.resolve(), {
      checkpoints: new InMemoryCheckpointStore(),
      pollIntervalMs: 1000,
    });
    stop = () => subscription.stop();
    await subscription.done;
    expect(timeouts.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 5));
    expect(timeouts.slice(10, 14)).toEqual([5, 10, 20, 40]);
  });
});
