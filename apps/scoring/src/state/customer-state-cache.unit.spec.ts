// The cache trusts an entry only while its partition stayed with this instance: a partition the
// group hands over is recovered from the store, and a lost partition's entries are dropped.
import { emptyCustomerState } from '#ml';
import { CustomerStateCache } from './customer-state-cache.js';
import { InMemoryCustomerStateStore } from './in-memory-customer-state-store.js';

const withCount = (count: number) => ({ ...emptyCustomerState(), count });

async function cacheWithEntries() {
  const store = new InMemoryCustomerStateStore();
  const cache = new CustomerStateCache(store, 100);
  cache.assign([0, 1]);
  for (const [partition, id] of [
    [0, 'cus-a'],
    [1, 'cus-b'],
  ] as const) {
    cache.beginBatch(partition, '0', '0');
    const epoch = cache.epochOf(partition);
    await cache.stateFor(partition, [id]);
    await store.save([{ customerId: id, state: withCount(1), source: { partition, offset: '0' } }]);
    cache.remember(partition, epoch, [[id, withCount(1)]]);
  }
  return { store, cache };
}

describe('customer state cache', () => {
  it('serves a partition kept across a rebalance from memory', async () => {
    const { store, cache } = await cacheWithEntries();
    cache.assign([0]);
    // The store moved on (as if written elsewhere), but partition 0 never left: memory is right.
    await store.save([{ customerId: 'cus-a', state: withCount(9), source: { partition: 0, offset: '5' } }]);
    cache.beginBatch(0, '1', '1');
    const before = cache.recoveredCount;
    expect((await cache.stateFor(0, ['cus-a'])).get('cus-a')?.count).toBe(1);
    expect(cache.recoveredCount).toBe(before);
  });

  it('drops the entries of a partition the group took away', async () => {
    const { cache } = await cacheWithEntries();
    expect(cache.size).toBe(2);
    cache.assign([0]);
    expect(cache.size).toBe(1);
  });

  it('recovers a partition handed back after someone else had it, even when its offsets line up', async () => {
    const { store, cache } = await cacheWithEntries();
    cache.assign([0]);
    await store.save([{ customerId: 'cus-b', state: withCount(7), source: { partition: 1, offset: '3' } }]);
    cache.assign([0, 1]);
    cache.beginBatch(1, '1', '1'); // the offset this instance expected next: only the assignment tells
    expect((await cache.stateFor(1, ['cus-b'])).get('cus-b')?.count).toBe(7);
  });

  it('does not keep states scored before the partition was invalidated (a slice failed meanwhile)', async () => {
    const { cache } = await cacheWithEntries();
    cache.beginBatch(0, '1', '1');
    const epoch = cache.epochOf(0);
    await cache.stateFor(0, ['cus-a']);
    cache.invalidate(0); // an earlier slice of the partition failed
    cache.remember(0, epoch, [['cus-a', withCount(2)]]);
    expect((await cache.stateFor(0, ['cus-a'])).get('cus-a')?.count).toBe(1);
  });

  it('trusts a batch that starts before the previous one ended, when it follows it', async () => {
    const { cache } = await cacheWithEntries();
    cache.beginBatch(0, '1', '4');
    const epoch = cache.epochOf(0);
    cache.beginBatch(0, '5', '9');
    expect(cache.epochOf(0)).toBe(epoch);
    cache.beginBatch(0, '12', '13'); // a gap: someone else consumed 10-11
    expect(cache.epochOf(0)).not.toBe(epoch);
  });
});
