// Contract: catch-up-then-live subscriptions with transactional checkpoints, filters, redelivery
// after a crash, and poison events that stop or dead-letter but are never silently skipped.
import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { NO_STREAM, type RecordedEvent } from '../event-store.port.js';
import { SubscriptionFailed } from '../errors.js';
import type { CheckpointStore, SubscribeOptions } from '../subscription/subscription.types.js';
import {
  event,
  events,
  expectRejection,
  ids,
  settled,
  uniquePrefix,
  waitFor,
  type ContractHarness,
} from './fixtures.js';

/** Delegates to the real store and records what went through it. */
function recording(inner: CheckpointStore<unknown>, failSaves = 0) {
  const saved: string[] = [];
  const deadLettered: RecordedEvent[] = [];
  let failuresLeft = failSaves;
  const store: CheckpointStore<unknown> = {
    load: (id) => inner.load(id),
    withTransaction: (work) => inner.withTransaction(work),
    save: async (id, checkpoint, client) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('simulated crash before the checkpoint commits');
      }
      await inner.save(id, checkpoint, client);
      saved.push(checkpoint);
    },
    deadLetter: async (id, deadEvent, error, client) => {
      await inner.deadLetter(id, deadEvent, error, client);
      deadLettered.push(deadEvent);
    },
  };
  return { store, saved, deadLettered };
}

export function subscriptionContract(harness: () => ContractHarness): void {
  const store = () => harness().store;
  const own = (prefix: string) => ({ streamPrefixes: [prefix] });
  const collect = (prefix: string, options: Partial<SubscribeOptions<unknown>> = {}) => {
    const received: RecordedEvent[] = [];
    /** Events per handler call, in order. */
    const sizes: number[] = [];
    const subscription = store().subscribe(
      `sub-${randomUUID()}`,
      (batch) => {
        sizes.push(batch.length);
        received.push(...batch);
        return Promise.resolve();
      },
      {
        checkpoints: harness().checkpoints,
        filter: own(prefix),
        batchSize: 10,
        pollIntervalMs: 30_000,
        ...options,
      },
    );
    return { received, sizes, subscription };
  };

  it('catches up on history, signals it, then delivers new events live without waiting for a poll', async () => {
    const prefix = uniquePrefix('live');
    const history = events(25);
    await store().append(`${prefix}1`, history, NO_STREAM);
    await settled(store(), prefix, 25);
    let caughtUpSignals = 0;
    const { received, subscription } = collect(prefix, { onCaughtUp: () => (caughtUpSignals += 1) });
    await subscription.caughtUp;
    expect(ids(received)).toEqual(ids(history));
    expect(caughtUpSignals).toBe(1);
    const live = events(3);
    await store().append(`${prefix}1`, live, 25);
    // The poll interval is 30 s: only a wake-up (LISTEN/NOTIFY, in-process append) is this prompt.
    await waitFor(() => received.length === 28, { timeoutMs: 5_000, what: 'live events' });
    expect(ids(received)).toEqual(ids([...history, ...live]));
    await subscription.stop();
  });

  it('pages grow while catching up, never past maxBatchSize, and are small again once live', async () => {
    const prefix = uniquePrefix('grow');
    const history = events(60);
    await store().append(`${prefix}1`, history, NO_STREAM);
    await settled(store(), prefix, 60);
    const { received, sizes, subscription } = collect(prefix, { batchSize: 2, maxBatchSize: 16 });
    await subscription.caughtUp;
    expect(ids(received)).toEqual(ids(history));
    expect(Math.max(...sizes)).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16);
    const caughtUpPages = sizes.length;
    const live = events(5);
    await store().append(`${prefix}1`, live, 60);
    await waitFor(() => received.length === 65, { timeoutMs: 5_000, what: 'live events' });
    expect(ids(received)).toEqual(ids([...history, ...live]));
    // The first read at the head asks for batchSize again.
    expect(sizes[caughtUpPages]).toBeLessThanOrEqual(2);
    await subscription.stop();
  });

  it('twenty concurrent writers and one subscriber: it sees exactly the appended set', async () => {
    const prefix = uniquePrefix('twenty');
    const { received, subscription } = collect(prefix, { batchSize: 37 });
    await subscription.caughtUp;
    const appended = (
      await Promise.all(
        Array.from({ length: 20 }, async (_, writer) => {
          const mine: string[] = [];
          for (let n = 0; n < 5; n += 1) {
            const batch = events(2);
            await store().append(`${prefix}${writer}`, batch, n * 2);
            mine.push(...ids(batch));
          }
          return mine;
        }),
      )
    ).flat();
    await waitFor(() => received.length >= appended.length, { timeoutMs: 10_000, what: 'all 200 events' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ids(received).sort()).toEqual([...appended].sort());
    for (let writer = 0; writer < 20; writer += 1) {
      const versions = received
        .filter((e) => e.streamId === `${prefix}${writer}`)
        .map((e) => e.streamVersion);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    await subscription.stop();
  });

  it('a filter that matches nothing still moves the stored checkpoint forward', async () => {
    const prefix = uniquePrefix('filtercp');
    const checkpoints = recording(harness().checkpoints);
    const { received, subscription } = collect(prefix, {
      checkpoints: checkpoints.store,
      filter: { streamPrefixes: [prefix], eventTypes: ['Wanted'] },
    });
    await subscription.caughtUp;
    const before = checkpoints.saved.length;
    await store().append(`${prefix}1`, events(4, 'Unwanted'), NO_STREAM);
    await waitFor(() => checkpoints.saved.length > before, { timeoutMs: 5_000, what: 'a checkpoint save' });
    expect(received).toEqual([]);
    const wanted = event('Wanted');
    await store().append(`${prefix}1`, [wanted], 4);
    await waitFor(() => received.length === 1, { timeoutMs: 5_000, what: 'the wanted event' });
    expect(ids(received)).toEqual([wanted.eventId]);
    await subscription.stop();
  });

  it('a crash after the handler and before the checkpoint commits redelivers, to the same end state', async () => {
    const prefix = uniquePrefix('crash');
    const appended = events(12);
    await store().append(`${prefix}1`, appended, NO_STREAM);
    await settled(store(), prefix, 12);
    const subscriptionId = `sub-${randomUUID()}`;
    const projection = new Map<string, number>();
    const deliveries: string[] = [];
    const handler = (batch: readonly RecordedEvent[]) => {
      for (const e of batch) {
        deliveries.push(e.eventId);
        projection.set(e.eventId, e.streamVersion);
      }
      return Promise.resolve();
    };
    const crashing = recording(harness().checkpoints, 1);
    const options = { filter: own(prefix), batchSize: 5, pollIntervalMs: 30_000 };
    const first = store().subscribe(subscriptionId, handler, { ...options, checkpoints: crashing.store });
    expect(await expectRejection(first.done)).toBeInstanceOf(SubscriptionFailed);
    expect(deliveries).toEqual(ids(appended.slice(0, 5)));
    const second = store().subscribe(subscriptionId, handler, {
      ...options,
      checkpoints: harness().checkpoints,
    });
    await second.caughtUp;
    expect(deliveries).toEqual([...ids(appended.slice(0, 5)), ...ids(appended)]);
    expect([...projection.keys()]).toEqual(ids(appended));
    await second.stop();
  });

  it("a poison event stops the subscription with onError 'stop' and is delivered again on restart", async () => {
    const prefix = uniquePrefix('poison');
    const [before, poison, after] = [event(), event('Poison'), event()];
    await store().append(`${prefix}1`, [before, poison, after], NO_STREAM);
    await settled(store(), prefix, 3);
    const subscriptionId = `sub-${randomUUID()}`;
    const handled: string[] = [];
    const handler = (batch: readonly RecordedEvent[]) => {
      for (const e of batch) {
        if (e.type === 'Poison') return Promise.reject(new Error('cannot project Poison'));
        handled.push(e.eventId);
      }
      return Promise.resolve();
    };
    const options = {
      checkpoints: harness().checkpoints,
      filter: own(prefix),
      batchSize: 1,
      pollIntervalMs: 30_000,
    };
    const first = store().subscribe(subscriptionId, handler, options);
    const failure = (await expectRejection(first.done)) as SubscriptionFailed;
    expect(failure).toBeInstanceOf(SubscriptionFailed);
    expect(failure.failedEventIds).toEqual([poison.eventId]);
    expect(handled).toEqual([before.eventId]);
    const again = store().subscribe(subscriptionId, handler, options);
    await expectRejection(again.done);
    expect(handled).toEqual([before.eventId]);
  });

  it("a poison event is dead-lettered with onError 'dead-letter' and the rest are delivered", async () => {
    const prefix = uniquePrefix('dead');
    const good = events(6);
    const poison = event('Poison');
    await store().append(`${prefix}1`, [...good.slice(0, 3), poison, ...good.slice(3)], NO_STREAM);
    await settled(store(), prefix, 7);
    const checkpoints = recording(harness().checkpoints);
    const handled: string[] = [];
    const subscription = store().subscribe(
      `sub-${randomUUID()}`,
      (batch) => {
        if (batch.some((e) => e.type === 'Poison')) return Promise.reject(new Error('cannot project Poison'));
        handled.push(...ids(batch));
        return Promise.resolve();
      },
      {
        checkpoints: checkpoints.store,
        filter: own(prefix),
        batchSize: 4,
        onError: 'dead-letter',
        pollIntervalMs: 30_000,
      },
    );
    await subscription.caughtUp;
    expect(handled).toEqual(ids(good));
    expect(ids(checkpoints.deadLettered)).toEqual([poison.eventId]);
    await subscription.stop();
  });

  it('applies upcasters to what a subscription delivers', async () => {
    const prefix = uniquePrefix('subupcast');
    await store().append(`${prefix}1`, [event('TestUpcast', { amount: 2 }, 1)], NO_STREAM);
    await settled(store(), prefix, 1);
    const { received, subscription } = collect(prefix);
    await subscription.caughtUp;
    expect(received.map(({ schemaVersion, data }) => ({ schemaVersion, data }))).toEqual([
      { schemaVersion: 3, data: { amountMinor: 200, currency: 'EUR' } },
    ]);
    await subscription.stop();
  });
}
