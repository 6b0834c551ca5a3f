// Contract: appends, expected versions, idempotency and stream reads.
import { describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM, STREAM_EXISTS } from '../event-store.port.js';
import { WrongExpectedVersion } from '../errors.js';
import { event, events, expectRejection, ids, uniquePrefix, type ContractHarness } from './fixtures.js';

export function appendContract(harness: () => ContractHarness): void {
  const prefix = uniquePrefix('append');
  let counter = 0;
  const stream = () => `${prefix}${(counter += 1)}`;
  const store = () => harness().store;

  const conflict = async (promise: Promise<unknown>) => {
    const error = await expectRejection(promise);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    return error as WrongExpectedVersion;
  };

  describe('expected versions', () => {
    it('NO_STREAM creates a stream and refuses one that exists, naming its version', async () => {
      const id = stream();
      await expect(store().append(id, events(2), NO_STREAM)).resolves.toMatchObject({
        outcome: 'appended',
        nextExpectedVersion: 2,
      });
      const error = await conflict(store().append(id, events(1), NO_STREAM));
      expect(error).toMatchObject({ streamId: id, expected: NO_STREAM, actualVersion: 2 });
    });

    it('STREAM_EXISTS refuses a missing stream (actual 0) and appends to an existing one', async () => {
      const id = stream();
      expect(await conflict(store().append(id, events(1), STREAM_EXISTS))).toMatchObject({
        actualVersion: 0,
      });
      await store().append(id, events(1), NO_STREAM);
      await expect(store().append(id, events(1), STREAM_EXISTS)).resolves.toMatchObject({
        nextExpectedVersion: 2,
      });
    });

    it('ANY appends whatever the stream version', async () => {
      const id = stream();
      await expect(store().append(id, events(1), ANY)).resolves.toMatchObject({ nextExpectedVersion: 1 });
      await expect(store().append(id, events(2), ANY)).resolves.toMatchObject({ nextExpectedVersion: 3 });
    });

    it('an exact version appends when it matches and otherwise reports expected and actual', async () => {
      const id = stream();
      await store().append(id, events(3), 0);
      await expect(store().append(id, events(1), 3)).resolves.toMatchObject({ nextExpectedVersion: 4 });
      const error = await conflict(store().append(id, events(1), 2));
      expect(error).toMatchObject({ streamId: id, expected: 2, actualVersion: 4 });
      expect(error.message).toMatch(/reload the stream/);
      expect(await store().streamVersion(id)).toBe(4);
    });

    it('of parallel appends with one expected version exactly one wins', async () => {
      const id = stream();
      await store().append(id, events(1), NO_STREAM);
      const attempts = await Promise.allSettled(
        Array.from({ length: 12 }, () => store().append(id, events(2), 1)),
      );
      const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
      const lost = attempts.flatMap((attempt) =>
        attempt.status === 'rejected' ? [attempt.reason as unknown] : [],
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(11);
      for (const error of lost)
        expect(error).toMatchObject({ name: 'WrongExpectedVersion', actualVersion: 3 });
      expect((await store().readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    });
  });

  describe('atomic, contiguous and idempotent', () => {
    it('a multi-event append lands contiguously in order, and a refused one writes nothing', async () => {
      const id = stream();
      const batch = events(5);
      await store().append(id, batch, NO_STREAM);
      await conflict(store().append(id, events(4), 2));
      const stored = await store().readStream(id);
      expect(ids(stored)).toEqual(ids(batch));
      expect(stored.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    });

    it('re-appending the same event ids at the same position succeeds without duplicating them', async () => {
      const id = stream();
      const batch = events(3);
      await store().append(id, batch, NO_STREAM);
      await expect(store().append(id, batch, NO_STREAM)).resolves.toMatchObject({
        outcome: 'already-present',
        nextExpectedVersion: 3,
      });
      const more = events(2);
      await store().append(id, more, 3);
      await expect(store().append(id, more, 3)).resolves.toMatchObject({ outcome: 'already-present' });
      expect(ids(await store().readStream(id))).toEqual(ids([...batch, ...more]));
    });

    it('a retry with ANY or STREAM_EXISTS is already-present, also when later events followed it', async () => {
      const id = stream();
      const first = events(2);
      await expect(store().append(id, first, ANY)).resolves.toMatchObject({ outcome: 'appended' });
      await expect(store().append(id, first, ANY)).resolves.toEqual({
        outcome: 'already-present',
        streamId: id,
        nextExpectedVersion: 2,
      });
      const more = events(1);
      await expect(store().append(id, more, STREAM_EXISTS)).resolves.toMatchObject({
        outcome: 'appended',
        nextExpectedVersion: 3,
      });
      await expect(store().append(id, more, STREAM_EXISTS)).resolves.toMatchObject({
        outcome: 'already-present',
      });
      await store().append(id, events(1), ANY);
      await expect(store().append(id, more, ANY)).resolves.toMatchObject({ outcome: 'already-present' });
      expect(await store().streamVersion(id)).toBe(4);
      expect(ids((await store().readStream(id)).slice(0, 3))).toEqual(ids([...first, ...more]));
    });

    it('a retry that only partly matches what is stored is a conflict', async () => {
      const id = stream();
      const batch = events(2);
      await store().append(id, batch, NO_STREAM);
      await conflict(store().append(id, [batch[0]!, event()], NO_STREAM));
      expect(await store().streamVersion(id)).toBe(2);
    });

    it('appendMany reports appended, already-present and conflict per stream without failing the batch', async () => {
      const [fresh, retried, taken] = [stream(), stream(), stream()];
      const retry = events(3);
      await store().append(retried, retry, NO_STREAM);
      await store().append(taken, events(1), NO_STREAM);
      const results = await store().appendMany([
        { streamId: fresh, events: events(3), expected: NO_STREAM },
        { streamId: retried, events: retry, expected: NO_STREAM },
        { streamId: taken, events: events(3), expected: NO_STREAM },
      ]);
      expect(results).toEqual([
        { outcome: 'appended', streamId: fresh, nextExpectedVersion: 3 },
        { outcome: 'already-present', streamId: retried, nextExpectedVersion: 3 },
        { outcome: 'conflict', streamId: taken, expected: NO_STREAM, actualVersion: 1 },
      ]);
      expect(await store().streamVersion(fresh)).toBe(3);
      expect(await store().streamVersion(taken)).toBe(1);
    });

    it('appendMany of many new streams lands every event once', async () => {
      const requests = Array.from({ length: 150 }, () => ({
        streamId: stream(),
        events: events(3),
        expected: NO_STREAM,
      }));
      const results = await store().appendMany(requests);
      expect(results.every((result) => result.outcome === 'appended')).toBe(true);
      const again = await store().appendMany(requests);
      expect(again.every((result) => result.outcome === 'already-present')).toBe(true);
      for (const request of requests.slice(0, 5)) {
        expect(ids(await store().readStream(request.streamId))).toEqual(ids(request.events));
      }
    });
  });

  describe('reading a stream', () => {
    it('reads forward from a version, and a missing stream reads empty at version 0', async () => {
      const id = stream();
      const batch = events(6);
      await store().append(id, batch, NO_STREAM);
      const tail = await store().readStream(id, { fromVersion: 4 });
      expect(tail.map((e) => e.streamVersion)).toEqual([4, 5, 6]);
      expect(ids(tail)).toEqual(ids(batch.slice(3)));
      expect(await store().readStream(id, { fromVersion: 2, limit: 2 })).toHaveLength(2);
      expect(await store().readStream(stream())).toEqual([]);
      expect(await store().streamVersion(stream())).toBe(0);
    });

    it('reads many streams in one call: each in version order, in the order asked, a missing one empty', async () => {
      const [first, second, missing] = [stream(), stream(), stream()];
      const firstEvents = events(3);
      const secondEvents = events(2);
      await store().appendMany([
        { streamId: first, events: firstEvents, expected: NO_STREAM },
        { streamId: second, events: secondEvents, expected: NO_STREAM },
      ]);
      const read = await store().readStreams([second, missing, first]);
      expect([...read.keys()]).toEqual([second, missing, first]);
      expect(ids(read.get(second)!)).toEqual(ids(secondEvents));
      expect(read.get(second)!.map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(ids(read.get(first)!)).toEqual(ids(firstEvents));
      expect(read.get(first)!.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      expect(read.get(missing)).toEqual([]);
      expect(await store().readStreams([])).toEqual(new Map());
      await expect(store().readStreams([first, first])).rejects.toThrow(
        /appears twice.*ask for each stream once/,
      );
    });

    it('reads more streams at once than one statement asks for (1,050: PostgreSQL asks 1,000 at a time)', async () => {
      const requests = Array.from({ length: 1050 }, () => ({
        streamId: stream(),
        events: events(1),
        expected: NO_STREAM,
      }));
      await store().appendMany(requests);
      const asked = [...requests].reverse();
      const read = await store().readStreams(asked.map((request) => request.streamId));
      expect([...read.keys()]).toEqual(asked.map((request) => request.streamId));
      for (const request of asked) expect(ids(read.get(request.streamId)!)).toEqual(ids(request.events));
    });

    it('returns data and metadata exactly as appended (JSON round trip)', async () => {
      const id = stream();
      const data = {
        amount: 1234.56,
        nested: { list: [1, 'two', { three: 3 }], empty: {}, none: null, yes: true },
        text: 'Zürich 💳 "quoted" \\ back',
      };
      const appended = {
        ...event('RoundTripped', data, 1),
        metadata: {
          correlationId: 'corr-1',
          causationId: 'cause-1',
          actor: { id: 'analyst-7', role: 'analyst' },
          occurredAt: '2026-03-04T05:06:07.089Z',
          source: 'contract',
        },
      };
      await store().append(id, [appended], NO_STREAM);
      const [stored] = await store().readStream(id);
      expect(stored).toMatchObject({ ...appended, streamId: id, streamVersion: 1 });
      expect(typeof stored!.globalPosition).toBe('string');
      expect(Number.isNaN(Date.parse(stored!.recordedAt))).toBe(false);
    });
  });
}
