// Concurrent small calls merged into one: results split back per caller, order kept, distinct keys
// per merged call, large calls straight through, a failing merged call retried caller by caller.
import { CallCoalescer } from './call-coalescer.js';

interface Item {
  readonly key: string;
  readonly value: number;
}

/** A backend whose calls the test completes by hand, recording what each call held. */
function backend() {
  const calls: Array<{ items: readonly Item[]; finish(): void; fail(error: Error): void }> = [];
  const call = (items: readonly Item[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        items,
        finish: () => resolve(items.map((item) => item.value * 10)),
        fail: reject,
      });
    });
  return { calls, call };
}

const items = (...keys: string[]): Item[] => keys.map((key, index) => ({ key, value: index + 1 }));
const settle = () => new Promise((resolve) => setImmediate(resolve));
const options = { maxInFlight: 1, maxItems: 5, bypassAt: 4, keyOf: (item: Item) => item.key };

describe('CallCoalescer', () => {
  it('given no call in flight, when a call comes, then it starts at once, alone', async () => {
    const { calls, call } = backend();
    const coalescer = new CallCoalescer(call, options);

    const result = coalescer.submit(items('a', 'b'));
    await settle();

    expect(calls.map((c) => c.items.map((item) => item.key))).toEqual([['a', 'b']]);
    calls[0]!.finish();
    await expect(result).resolves.toEqual([10, 20]);
    expect(coalescer.merged).toBe(0);
  });

  it('given a call in flight, when more come, then they go next as one call and each gets its own results', async () => {
    const { calls, call } = backend();
    const coalescer = new CallCoalescer(call, options);
    const first = coalescer.submit(items('a'));
    await settle();

    const second = coalescer.submit([{ key: 'b', value: 2 }]);
    const third = coalescer.submit([
      { key: 'c', value: 3 },
      { key: 'd', value: 4 },
    ]);
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await settle();

    expect(calls.map((c) => c.items.map((item) => item.key))).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1]!.finish();
    await expect(first).resolves.toEqual([10]);
    await expect(second).resolves.toEqual([20]);
    await expect(third).resolves.toEqual([30, 40]);
    expect(coalescer.merged).toBe(1);
  });

  it('given queued calls, when they would exceed maxItems or repeat a key, then the rest waits for the next call, in order', async () => {
    const { calls, call } = backend();
    const coalescer = new CallCoalescer(call, options);
    void coalescer.submit(items('a'));
    await settle();
    const queued = [
      coalescer.submit(items('b', 'c')),
      coalescer.submit(items('d', 'b')), // repeats b: waits
      coalescer.submit(items('e')), // behind it, never ahead of it
    ];
    calls[0]!.finish();
    await settle();
    calls[1]!.finish();
    await settle();
    calls[2]!.finish();
    await Promise.all(queued);

    expect(calls.map((c) => c.items.map((item) => item.key))).toEqual([['a'], ['b', 'c'], ['d', 'b', 'e']]);

    const { calls: sized, call: sizedCall } = backend();
    const bySize = new CallCoalescer(sizedCall, options);
    void bySize.submit(items('a'));
    await settle();
    const more = [bySize.submit(items('b', 'c', 'd')), bySize.submit(items('e', 'f', 'g'))];
    sized[0]!.finish();
    await settle();
    sized[1]!.finish();
    await settle();
    sized[2]!.finish();
    await Promise.all(more);
    expect(sized.map((c) => c.items.length)).toEqual([1, 3, 3]);
  });

  it('given a call of bypassAt items or more, when it comes while another is in flight, then it starts at once, not merged', async () => {
    const { calls, call } = backend();
    const coalescer = new CallCoalescer(call, options);
    void coalescer.submit(items('a'));
    await settle();

    const large = coalescer.submit(items('w', 'x', 'y', 'z'));
    await settle();

    expect(calls.map((c) => c.items.length)).toEqual([1, 4]);
    calls[1]!.finish();
    await expect(large).resolves.toEqual([10, 20, 30, 40]);
  });

  it('given a merged call that fails, when it is retried caller by caller, then only the caller whose call fails alone gets the error', async () => {
    const poisoned = new Error('bad data of caller c');
    const seen: string[][] = [];
    let blockFirst: () => void = () => undefined;
    const coalescer = new CallCoalescer<Item, number>(async (batch) => {
      seen.push(batch.map((item) => item.key));
      if (seen.length === 1) await new Promise<void>((resolve) => (blockFirst = resolve));
      if (batch.some((item) => item.key === 'c')) throw poisoned;
      return batch.map((item) => item.value);
    }, options);
    const first = coalescer.submit(items('a'));
    await settle();
    const good = coalescer.submit(items('b'));
    const bad = coalescer.submit(items('c'));
    blockFirst();

    await expect(first).resolves.toEqual([1]);
    await expect(good).resolves.toEqual([1]);
    await expect(bad).rejects.toBe(poisoned);
    expect(seen).toEqual([['a'], ['b', 'c'], ['b'], ['c']]);
  });

  it('given maxInFlight 2, when calls come, then two run at once before any merging', async () => {
    const { calls, call } = backend();
    const coalescer = new CallCoalescer(call, { ...options, maxInFlight: 2 });

    void coalescer.submit(items('a'));
    void coalescer.submit(items('b'));
    void coalescer.submit(items('c'));
    void coalescer.submit(items('d'));
    await settle();

    expect(calls.map((c) => c.items.map((item) => item.key))).toEqual([['a'], ['b']]);
    calls[0]!.finish();
    await settle();
    expect(calls.map((c) => c.items.map((item) => item.key))).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('given a call that throws before returning a promise, when callers wait, then each of them is rejected, alone or merged', async () => {
    const refused = new Error('store closed');
    let first = true;
    let release: () => void = () => undefined;
    const coalescer = new CallCoalescer<Item, number>((batch) => {
      if (first) {
        first = false;
        return new Promise((resolve) => (release = () => resolve(batch.map(() => 0))));
      }
      throw refused; // synchronously, as the in-memory stores do
    }, options);
    const holder = coalescer.submit(items('a'));
    await settle();
    const merged = [coalescer.submit(items('b')), coalescer.submit(items('c'))];
    release();

    await expect(holder).resolves.toEqual([0]);
    for (const outcome of await Promise.allSettled(merged))
      expect(outcome).toEqual({ status: 'rejected', reason: refused });
    await expect(coalescer.submit(items('d'))).rejects.toBe(refused);
    await expect(coalescer.submit(items('w', 'x', 'y', 'z'))).rejects.toBe(refused);
  });

  it('given a call that gives fewer results than items, when it settles, then its callers are rejected, not handed short results', async () => {
    const coalescer = new CallCoalescer<Item, number>(
      (batch) => Promise.resolve(batch.slice(1).map(() => 1)),
      options,
    );

    await expect(coalescer.submit(items('a', 'b'))).rejects.toThrow(/2 item\(s\) gave 1 result/);
  });
});
