// The policy view under concurrent partitions: every caller sees what was recorded before it asked,
// reads are shared rather than repeated per partition, and events apply in feed order.
import { RISK_POLICY_STREAM } from '#domain';
import { ANY, type EventStore, InMemoryEventStore } from '#eventstore';
import { RiskPolicyView } from './risk-policy-view.js';

const DEFAULTS = { reviewThreshold: 0.5, blockThreshold: 0.9 };

const thresholdsChanged = (reviewThreshold: number, blockThreshold: number) => ({
  eventId: crypto.randomUUID(),
  type: 'RiskThresholdsChanged',
  data: {
    reviewThreshold,
    blockThreshold,
    reason: 'test',
    changedBy: 'sup',
    changedAt: '2025-01-01T00:00:00Z',
  },
  metadata: { actor: 'system' as const, occurredAt: '2025-01-01T00:00:00Z' },
  schemaVersion: 1,
});

/** Counts feed reads, and lets a test change the store while a read is under way. */
function countingStore(store: InMemoryEventStore, beforeRead?: () => Promise<void>) {
  let reads = 0;
  const counted: EventStore = Object.create(store) as EventStore;
  counted.readAll = async (...args) => {
    reads++;
    await beforeRead?.();
    return store.readAll(...args);
  };
  return { store: counted, reads: () => reads };
}

describe('risk policy view', () => {
  it('answers the model defaults (version 0) while no change is recorded', async () => {
    const view = new RiskPolicyView(new InMemoryEventStore(), DEFAULTS);
    await expect(view.current()).resolves.toMatchObject({ ...DEFAULTS, version: 0 });
  });

  it('gives a caller that arrives during a read a fresh read that sees changes recorded before it asked', async () => {
    const inner = new InMemoryEventStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const { store, reads } = countingStore(inner, async () => {
      if (!first) return;
      first = false;
      await gate; // the first read is slow: a change lands and other partitions ask meanwhile
    });
    const view = new RiskPolicyView(store, DEFAULTS);
    const early = view.current();
    await inner.append(RISK_POLICY_STREAM, [thresholdsChanged(0.3, 0.8)], ANY);
    const late = [view.current(), view.current(), view.current()];
    release();
    const snapshots = await Promise.all(late);
    for (const snapshot of snapshots) expect(snapshot).toMatchObject({ reviewThreshold: 0.3, version: 1 });
    await early;
    // One read under way plus one shared follow-up (each ends with a short end-of-feed page).
    expect(reads()).toBeLessThanOrEqual(4);
  });

  it('serves a caller from a read that began after its batch arrived, and reads again for a later one', async () => {
    const inner = new InMemoryEventStore();
    const { store, reads } = countingStore(inner, () => Promise.resolve());
    const view = new RiskPolicyView(store, DEFAULTS);
    const arrived = performance.now(); // a slice handed over, queued behind another slice
    await view.current();
    const afterOneRead = reads();
    await expect(view.current(arrived)).resolves.toMatchObject({ version: 0 });
    expect(reads()).toBe(afterOneRead); // no round trip: that read began after the slice arrived
    await inner.append(RISK_POLICY_STREAM, [thresholdsChanged(0.3, 0.8)], ANY);
    await expect(view.current()).resolves.toMatchObject({ reviewThreshold: 0.3, version: 1 });
    expect(reads()).toBeGreaterThan(afterOneRead);
  });

  it('sees a threshold change the global feed still holds back behind an older open transaction', async () => {
    const inner = new InMemoryEventStore();
    // PostgreSQL shows a committed event in the feed only once older transactions have ended.
    const lagging: EventStore = Object.create(inner) as EventStore;
    lagging.readAll = (from) =>
      Promise.resolve({ events: [], checkpoint: from, endOfFeed: true, heldBack: true });
    await inner.append(RISK_POLICY_STREAM, [thresholdsChanged(0.2, 0.7)], ANY);
    const view = new RiskPolicyView(lagging, DEFAULTS);
    await expect(view.current()).resolves.toMatchObject({
      reviewThreshold: 0.2,
      blockThreshold: 0.7,
      version: 1,
    });
  });

  it('applies blocks and unblocks in feed order', async () => {
    const store = new InMemoryEventStore();
    const event = (type: string) => ({
      eventId: crypto.randomUUID(),
      type,
      data: { customerId: 'cus-1', reason: 'test', by: 'analyst', at: '2025-01-01T00:00:00Z' },
      metadata: { actor: 'system' as const, occurredAt: '2025-01-01T00:00:00Z' },
      schemaVersion: 1,
    });
    const view = new RiskPolicyView(store, DEFAULTS);
    await store.append('customer-cus-1', [event('CustomerBlocked')], ANY);
    const [blocked] = await Promise.all([view.current(), view.current()]);
    expect(blocked.isBlocked('cus-1')).toBe(true);
    await store.append('customer-cus-1', [event('CustomerUnblocked')], ANY);
    expect((await view.current()).isBlocked('cus-1')).toBe(false);
  });

  it('reads thresholds and blocks in one feed read when nothing of theirs is held back', async () => {
    const inner = new InMemoryEventStore();
    const { store, reads } = countingStore(inner);
    let streamReads = 0;
    store.readStream = (...args) => {
      streamReads++;
      return inner.readStream(...args);
    };
    const view = new RiskPolicyView(store, DEFAULTS);
    await view.current();
    await inner.append(RISK_POLICY_STREAM, [thresholdsChanged(0.4, 0.85)], ANY);
    const before = reads();
    await expect(view.current()).resolves.toMatchObject({
      reviewThreshold: 0.4,
      blockThreshold: 0.85,
      version: 1,
    });
    expect(reads() - before).toBe(1);
    expect(streamReads).toBe(0);
  });

  it('keeps the newest threshold version when the feed shows the changes out of version order, or twice', async () => {
    const inner = new InMemoryEventStore();
    await inner.append(RISK_POLICY_STREAM, [thresholdsChanged(0.3, 0.8)], ANY);
    await inner.append(RISK_POLICY_STREAM, [thresholdsChanged(0.35, 0.9)], ANY);
    const [first, second] = await inner.readStream(RISK_POLICY_STREAM);
    // PostgreSQL orders the feed by transaction id: a later version can come first; and a change
    // hidden in one read is read from the stream, then met again in the feed.
    const shuffled: EventStore = Object.create(inner) as EventStore;
    shuffled.readAll = (from) =>
      Promise.resolve({ events: [second!, first!, second!], checkpoint: from, endOfFeed: true });
    const view = new RiskPolicyView(shuffled, DEFAULTS);
    await expect(view.current()).resolves.toMatchObject({
      reviewThreshold: 0.35,
      blockThreshold: 0.9,
      version: 2,
    });
  });
});
