// Contract: the global feed ($all) - complete, ordered per stream, stable on replay, resumable, and
// never skipping a transaction that began first and committed last.
import { describe, expect, it } from '@jest/globals';
import { NO_STREAM, type AppendRequest } from '../event-store.port.js';
import {
  event,
  events,
  ids,
  readWholeFeed,
  settled,
  uniquePrefix,
  waitFor,
  type ContractHarness,
} from './fixtures.js';

export function feedContract(
  harness: () => ContractHarness,
  capabilities: { outOfOrderCommits: boolean; batchOrderInFeed: boolean },
): void {
  const store = () => harness().store;

  it('counts the events after a checkpoint, filtered, where the adapter offers the count', async () => {
    const count = store().countEventsAfter?.bind(store());
    if (!count) return; // optional: adapters without a cheap count leave it out
    const prefix = uniquePrefix('count');
    await store().appendMany([
      { streamId: `${prefix}1`, events: events(3), expected: NO_STREAM },
      { streamId: `${prefix}2`, events: [event('Counted')], expected: NO_STREAM },
    ]);
    const feed = await settled(store(), prefix, 4);
    const first = feed[0]!;
    expect(await count('start', { streamPrefixes: [prefix] })).toBe(4);
    expect(await count('start', { streamPrefixes: [prefix], eventTypes: ['Counted'] })).toBe(1);
    expect(await count(first.checkpoint, { streamPrefixes: [prefix] })).toBe(3);
    // Where streams of one call may commit in any order (appends split and sent at once), the
    // 'Counted' event may itself come first: count what the feed shows after the first event.
    const countedAfterFirst = feed.slice(1).filter((e) => e.type === 'Counted').length;
    expect(await count(first.checkpoint, { streamPrefixes: [prefix], eventTypes: ['Counted'] })).toBe(
      countedAfterFirst,
    );
    expect(await count(first.checkpoint)).toBeGreaterThanOrEqual(3);
  });

  it('replays every appended event once, each stream in order, identically on replay', async () => {
    const prefix = uniquePrefix('feed');
    const appended = new Map<string, string[]>();
    for (let round = 0; round < 4; round += 1) {
      const requests: AppendRequest[] = [0, 1, 2].map((n) => ({
        streamId: `${prefix}${n}`,
        events: events(2),
        expected: round * 2,
      }));
      await store().appendMany(requests);
      for (const request of requests) {
        appended.set(request.streamId, [...(appended.get(request.streamId) ?? []), ...ids(request.events)]);
      }
    }
    await settled(store(), prefix, 24);
    const first = await readWholeFeed(store(), prefix, 5);
    const second = await readWholeFeed(store(), prefix, 1000);
    expect(first).toHaveLength(24);
    expect(new Set(ids(first)).size).toBe(24);
    for (const [streamId, expected] of appended) {
      expect(ids(first.filter((e) => e.streamId === streamId))).toEqual(expected);
    }
    expect(second).toEqual(first);
  });

  (capabilities.batchOrderInFeed ? it : it.skip)(
    'shows the streams of one appendMany in the feed in request order',
    async () => {
      // Given one call of 40 streams whose ids do not sort in request order
      const prefix = uniquePrefix('batch-order');
      const requests: AppendRequest[] = Array.from({ length: 40 }, (_, n) => ({
        streamId: `${prefix}${(n * 17) % 40}`,
        events: events(2),
        expected: NO_STREAM,
      }));
      // When appended together
      await store().appendMany(requests);
      // Then the feed holds them in the order of the call (what replays in feed order rely on)
      const feed = await settled(store(), prefix, 80);
      expect(feed.map((recorded) => recorded.eventId)).toEqual(
        ids(requests.flatMap((request) => request.events)),
      );
    },
  );

  it('resumes from a checkpoint with no gap and no duplicate', async () => {
    const prefix = uniquePrefix('resume');
    await store().appendMany(
      [1, 2, 3, 4].map((n) => ({ streamId: `${prefix}${n}`, events: events(3), expected: NO_STREAM })),
    );
    const whole = await settled(store(), prefix, 12);
    // Resume from each event's own checkpoint: what follows is exactly the rest.
    const feed = await readWholeFeed(store(), '', 100_000);
    for (const pick of [0, 5, 11]) {
      const at = whole[pick]!;
      const page = await store().readAll(at.checkpoint, 100_000);
      const rest = page.events.filter((e) => e.streamId.startsWith(prefix));
      expect(ids(rest)).toEqual(ids(whole.slice(pick + 1)));
      const index = feed.findIndex((e) => e.eventId === at.eventId);
      expect(ids(page.events)).toEqual(ids(feed.slice(index + 1, index + 1 + page.events.length)));
    }
  });

  it('a filtered read skips other events but still moves its checkpoint past them', async () => {
    const prefix = uniquePrefix('filter');
    const tail = await store().readAll('start', 1_000_000);
    await store().append(`${prefix}a`, events(3, 'Unwanted'), NO_STREAM);
    await store().append(`${prefix}b`, [event('Wanted')], NO_STREAM);
    await store().append(`${prefix}c`, events(2, 'Unwanted'), NO_STREAM);
    await settled(store(), prefix, 6);
    const byType = await store().readAll(tail.checkpoint, 100, { eventTypes: ['Wanted'] });
    expect(byType.events.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.type)).toEqual(['Wanted']);
    expect(byType.endOfFeed).toBe(true);
    const after = await store().readAll(byType.checkpoint, 100);
    expect(after.events.filter((e) => e.streamId.startsWith(prefix))).toEqual([]);
    const byPrefix = await store().readAll(tail.checkpoint, 100, { streamPrefixes: [`${prefix}c`] });
    expect(byPrefix.events.map((e) => e.streamId)).toEqual([`${prefix}c`, `${prefix}c`]);
  });

  it('leaves the omitted data fields out of the feed, and nothing else', async () => {
    const prefix = uniquePrefix('omit');
    const tail = await store().readAll('start', 1_000_000);
    const scored = event('Scored', {
      score: 0.5,
      features: { a: 1, b: 2 },
      reasons: ['x'],
      nested: { features: 1 },
    });
    const other = event('Other', { kept: true });
    await store().append(`${prefix}1`, [scored, other], NO_STREAM);
    await settled(store(), prefix, 2);
    const page = await store().readAll(tail.checkpoint, 100, {
      streamPrefixes: [prefix],
      omitDataFields: ['features', 'reasons', 'absent'],
    });
    expect(page.events.map((e) => [e.type, e.data])).toEqual([
      ['Scored', { score: 0.5, nested: { features: 1 } }],
      ['Other', { kept: true }],
    ]);
    expect(page.events[0]!.eventId).toBe(scored.eventId);
    // The log itself is untouched: an unfiltered read and the stream still have every field.
    const [stored] = await store().readStream(`${prefix}1`);
    expect(stored!.data).toEqual(scored.data);
    const whole = await store().readAll(tail.checkpoint, 100, { streamPrefixes: [prefix] });
    expect(whole.events[0]!.data).toEqual(scored.data);
  });

  it('leaves metadata out of the feed when asked, and nothing else', async () => {
    const prefix = uniquePrefix('omitmeta');
    const tail = await store().readAll('start', 1_000_000);
    const first = event('Scored', { score: 0.5, features: { a: 1 } });
    await store().append(`${prefix}1`, [first], NO_STREAM);
    await settled(store(), prefix, 1);
    const page = await store().readAll(tail.checkpoint, 100, {
      streamPrefixes: [prefix],
      omitMetadata: true,
      omitDataFields: ['features'],
    });
    expect(page.events.map((e) => [e.eventId, e.type, e.data, e.metadata])).toEqual([
      [first.eventId, 'Scored', { score: 0.5 }, {}],
    ]);
    // Without the option the metadata is there, on the feed and on the stream.
    const whole = await store().readAll(tail.checkpoint, 100, { streamPrefixes: [prefix] });
    expect(whole.events[0]!.metadata).toEqual(first.metadata);
    const [stored] = await store().readStream(`${prefix}1`);
    expect(stored!.metadata).toEqual(first.metadata);
  });

  it('applies upcasters on stream reads and on the feed', async () => {
    const prefix = uniquePrefix('upcast');
    await store().append(
      `${prefix}1`,
      [
        event('TestUpcast', { amount: 12.5 }, 1),
        event('TestUpcast', { amountMinor: 99 }, 2),
        event('TestUpcast', { amountMinor: 1, currency: 'USD' }, 3),
      ],
      NO_STREAM,
    );
    const expected = [
      { schemaVersion: 3, data: { amountMinor: 1250, currency: 'EUR' } },
      { schemaVersion: 3, data: { amountMinor: 99, currency: 'EUR' } },
      { schemaVersion: 3, data: { amountMinor: 1, currency: 'USD' } },
    ];
    const read = await store().readStream(`${prefix}1`);
    expect(read.map(({ schemaVersion, data }) => ({ schemaVersion, data }))).toEqual(expected);
    const feed = await settled(store(), prefix, 3);
    expect(feed.map(({ schemaVersion, data }) => ({ schemaVersion, data }))).toEqual(expected);
  });

  const describeOutOfOrder = capabilities.outOfOrderCommits
    ? describe
    : (title: string, body: () => void) =>
        describe.skip(
          `${title} [skipped: this adapter's appends commit in log order, so the case cannot arise]`,
          body,
        );
  const openWriter = () => {
    const open = harness().openWriter;
    if (!open) throw new Error('outOfOrderCommits is declared but the harness has no openWriter');
    return open();
  };
  describeOutOfOrder('transactions that commit out of order', () => {
    it('a slow transaction that began first and commits last is not skipped', async () => {
      const prefix = uniquePrefix('slow');
      const start = await store().readAll('start', 1_000_000);
      const slow = await openWriter();
      await slow.appendMany([{ streamId: `${prefix}slow`, events: events(2), expected: NO_STREAM }]);
      await store().append(`${prefix}fast`, events(3), NO_STREAM);
      // The fast events are committed but sit behind the open transaction: the feed holds them back.
      const during = await store().readAll(start.checkpoint, 1000);
      expect(during.events.filter((e) => e.streamId.startsWith(prefix))).toEqual([]);
      await slow.commit();
      const ours: string[] = [];
      let checkpoint = during.checkpoint;
      await waitFor(() => ours.length >= 5, {
        timeoutMs: 15_000,
        what: 'the slow and the fast events',
        between: async () => {
          const page = await store().readAll(checkpoint, 1000);
          ours.push(...page.events.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.streamId));
          checkpoint = page.checkpoint;
        },
      });
      expect(ours.sort()).toEqual(
        [`${prefix}fast`, `${prefix}fast`, `${prefix}fast`, `${prefix}slow`, `${prefix}slow`].sort(),
      );
    });

    it('several slow writers, some rolled back, leave exactly the committed events in the feed', async () => {
      const prefix = uniquePrefix('slowmany');
      const seen: string[] = [];
      let checkpoint = (await store().readAll('start', 1_000_000)).checkpoint;
      const drain = async () => {
        for (;;) {
          const page = await store().readAll(checkpoint, 50);
          seen.push(...ids(page.events.filter((e) => e.streamId.startsWith(prefix))));
          checkpoint = page.checkpoint;
          if (page.endOfFeed) return;
        }
      };
      const writers = await Promise.all([0, 1, 2, 3, 4].map(() => openWriter()));
      const committed: string[] = [];
      for (const [n, writer] of writers.entries()) {
        const batch = events(2);
        await writer.appendMany([{ streamId: `${prefix}w${n}`, events: batch, expected: NO_STREAM }]);
        if (n % 2 === 0) committed.push(...ids(batch));
      }
      for (let n = 0; n < 5; n += 1) {
        const batch = events(1);
        await store().append(`${prefix}f${n}`, batch, NO_STREAM);
        committed.push(...ids(batch));
        await drain();
      }
      for (const n of [3, 1, 4, 0, 2]) {
        await (n % 2 === 0 ? writers[n]!.commit() : writers[n]!.rollback());
        await drain();
      }
      await waitFor(() => seen.length >= committed.length, {
        timeoutMs: 15_000,
        what: 'every committed event',
        between: drain,
      });
      await drain();
      expect(seen.sort()).toEqual(committed.sort());
    });
  });
}
