// The shared feed's delivery: each projection on its own chain of pages, a bounded lead of the fast
// over the slow, and no page applied by a projection after it left the feed.
import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, NO_STREAM, START, type RecordedEvent } from '#eventstore';
import { ProjectionFeed } from './projection-feed.js';
import type { ProjectionRunner } from './projection-runner.js';

const PAGE = 10;
const PAGES = 8;
/** Pages of PAGE events that do not grow while catching up: these specs count pages. */
const FIXED_PAGES = { batchSize: PAGE, maxBatchSize: PAGE, pollIntervalMs: 50 };

/** Appends transactions `first` .. `first + count - 1` in one call (one commit: one page at the head). */
async function appendTransactions(store: InMemoryEventStore, first: number, count: number) {
  await store.appendMany(
    Array.from({ length: count }, (_, k) => ({
      streamId: `transaction-${first + k}`,
      expected: NO_STREAM,
      events: [
        {
          eventId: randomUUID(),
          type: 'TransactionReceived',
          data: { n: first + k },
          metadata: { actor: 'system' as const, occurredAt: new Date(0).toISOString() },
          schemaVersion: 1,
        },
      ],
    })),
  );
}

async function storeWithPages(pages = PAGES): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (let stream = 0; stream < PAGE * pages; stream += 1) await appendTransactions(store, stream, 1);
  return store;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Polls until `done` holds (a loaded CI machine may take a while), failing after 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !done(); await settle()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the feed');
  }
}

/** What the feed asks of a runner, recording the pages it is handed; `hold` keeps it on a page. */
class RecordingRunner {
  readonly pages: number[][] = [];
  /** Where each page handed over started and ended. */
  readonly spans: { from: string; checkpoint: string }[] = [];
  state: ProjectionRunner['state'] = { status: 'starting' };
  feed: ProjectionFeed | undefined;
  private release: (() => void) | undefined;
  held = false;
  onPage: (page: number[]) => void = () => undefined;

  constructor(readonly name: string) {}

  get projection() {
    return { name: this.name, filter: {} } as ProjectionRunner['projection'];
  }
  joinFeed(feed: ProjectionFeed) {
    this.feed = feed;
  }
  load() {
    this.state = { status: 'catching-up' };
    return Promise.resolve(START);
  }
  hold() {
    this.held = true;
  }
  letGo() {
    this.held = false;
    this.release?.();
  }
  async deliver(events: readonly RecordedEvent[], from: string, checkpoint: string) {
    const page = events.map((event) => (event.data as { n: number }).n);
    this.pages.push(page);
    this.spans.push({ from, checkpoint });
    this.onPage(page);
    if (this.held) await new Promise<void>((resolve) => (this.release = resolve));
  }
  caughtUpWithFeed() {
    this.state = { status: 'live' };
  }
  readFailed() {}
  stopped() {}
}

const asRunners = (...runners: RecordingRunner[]) => runners as unknown as ProjectionRunner[];
const everyPage = Array.from({ length: PAGES }, (_, page) =>
  Array.from({ length: PAGE }, (_, k) => page * PAGE + k),
);

describe('ProjectionFeed delivery', () => {
  it('lets a fast projection go on while a slow one is held, at most three pages ahead, then gives both every page in order', async () => {
    // given a slow projection held on its first page and a fast one
    const store = await storeWithPages();
    const slow = new RecordingRunner('slow');
    const fast = new RecordingRunner('fast');
    slow.hold();
    const feed = new ProjectionFeed(store, asRunners(slow, fast), FIXED_PAGES);
    // when the feed runs
    feed.start();
    await until(() => fast.pages.length >= 3);
    await settle();
    await settle();
    // then the fast one applied the pages queued so far, the slow one is still on its first, and
    // the read waits: no more than three pages are queued behind the slow one's
    expect(slow.pages).toHaveLength(1);
    expect(fast.pages).toHaveLength(3);
    // when the slow one is let go
    slow.letGo();
    await until(() => slow.pages.length === PAGES && fast.pages.length === PAGES);
    await feed.stop();
    // then both applied every page once, in feed order
    expect(slow.pages).toEqual(everyPage);
    expect(fast.pages).toEqual(everyPage);
  });

  it('never hands a projection the pages queued for it after it left the feed (it would skip the page it failed on)', async () => {
    // given two projections, the first of which fails on its second page (the runner leaves the feed)
    // while the other is held on that page, so later pages are queued for both
    const store = await storeWithPages();
    const failing = new RecordingRunner('failing');
    const other = new RecordingRunner('other');
    const feed = new ProjectionFeed(store, asRunners(failing, other), FIXED_PAGES);
    failing.onPage = () => {
      if (failing.pages.length === 2) {
        failing.state = { status: 'failed', error: 'boom' };
        feed.detach(failing as unknown as ProjectionRunner);
      }
    };
    other.onPage = () => {
      if (other.pages.length === 2) other.hold();
    };
    failing.hold();
    // when the feed runs and the failing one is let go of its first page
    feed.start();
    await until(() => failing.pages.length === 1 && other.pages.length === 2);
    await settle();
    failing.letGo();
    await until(() => failing.state.status === 'failed');
    await settle();
    other.letGo();
    await until(() => other.pages.length === PAGES);
    await settle();
    await feed.stop();
    // then the failing one got its first two pages only; the other got every page
    expect(failing.pages).toEqual(everyPage.slice(0, 2));
    expect(other.pages).toEqual(everyPage);
  });

  it('hands a projection that fell behind its queued pages as one, up to the largest page, spanning them all', async () => {
    // given a slow projection held on the first page and a fast one, at the feed's head, the
    // largest page 12 events
    const store = await storeWithPages(1);
    const slow = new RecordingRunner('slow');
    const fast = new RecordingRunner('fast');
    slow.hold();
    const feed = new ProjectionFeed(store, asRunners(slow, fast), {
      batchSize: PAGE,
      maxBatchSize: 12,
      pollIntervalMs: 50,
    });
    try {
      feed.start();
      await until(() => fast.pages.length === 1 && slow.pages.length === 1);
      /** Appends `count` transactions in one call and waits until the fast one has them as one page. */
      let next = PAGE;
      const appendPage = async (count: number) => {
        const pages = fast.pages.length;
        await appendTransactions(store, next, count);
        next += count;
        await until(() => fast.pages.length === pages + 1);
      };
      // when two appends of five come in while it is held, and it is let go
      await appendPage(5);
      await appendPage(5);
      slow.letGo();
      await until(() => slow.pages.length === 2);
      // and, held again on a page of three, two more come in, of five and eight, and it is let go
      slow.hold();
      await appendPage(3);
      await until(() => slow.pages.length === 3);
      await appendPage(5);
      await appendPage(8);
      slow.letGo();
      await until(() => slow.pages.flat().length === next);
    } finally {
      slow.letGo(); // a failed wait must not leave the feed held
      await feed.stop();
    }
    // then the fast one applied each page as it came; the slow one the first two queued pages as
    // one (10 events), from where the first began to where the second ended, and the last two
    // apart (13 events would exceed the largest page)
    const range = (first: number, count: number) => Array.from({ length: count }, (_, k) => first + k);
    expect(fast.pages).toEqual([
      range(0, PAGE),
      range(10, 5),
      range(15, 5),
      range(20, 3),
      range(23, 5),
      range(28, 8),
    ]);
    expect(slow.pages).toEqual([range(0, PAGE), range(10, 10), range(20, 3), range(23, 5), range(28, 8)]);
    expect(slow.spans[1]).toEqual({ from: fast.spans[1]!.from, checkpoint: fast.spans[2]!.checkpoint });
    expect(slow.spans.slice(2)).toEqual(fast.spans.slice(3));
  });
});
