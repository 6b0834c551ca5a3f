// What the contract suite needs from an adapter, and builders for its events.
import { randomUUID } from 'node:crypto';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  EventToAppend,
  RecordedEvent,
} from '../event-store.port.js';
import type { CheckpointStore } from '../subscription/subscription.types.js';
import type { UpcasterRegistry } from '../upcasting.js';

/** Appends held in a transaction the test commits or rolls back when it chooses. */
export interface OpenWriter {
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface ContractHarness {
  readonly store: EventStore;
  /** A checkpoint store for subscriptions (shared state across calls is fine: ids are unique). */
  readonly checkpoints: CheckpointStore<unknown>;
  /**
   * Present when the adapter's appends can stay uncommitted while others commit (PostgreSQL);
   * otherwise the out-of-order-commit cases cannot arise and are skipped with that reason.
   */
  readonly openWriter?: () => Promise<OpenWriter>;
  close(): Promise<void>;
}

/** The contract's upcasters: TestUpcast v1 {amount} -> v2 {amountMinor} -> v3 {+currency}. */
export const contractUpcasters: UpcasterRegistry = {
  TestUpcast: {
    1: (data) => ({ amountMinor: Math.round(Number(data.amount) * 100) }),
    2: (data) => ({ ...data, currency: 'EUR' }),
  },
};

export type HarnessFactory = (options: { upcasters: UpcasterRegistry }) => Promise<ContractHarness>;

export function event(
  type = 'TestHappened',
  data: Record<string, unknown> = {},
  schemaVersion = 1,
): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: { actor: 'system', occurredAt: new Date('2026-01-02T03:04:05.000Z').toISOString() },
    schemaVersion,
  };
}

export function events(count: number, type = 'TestHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => event(type, { index }));
}

/** A stream-id prefix no other test uses: feed assertions keep only their own streams. */
export function uniquePrefix(label: string): string {
  return `ct${randomUUID().replaceAll('-', '').slice(0, 10)}${label}-`;
}

export const ids = (list: readonly Pick<RecordedEvent, 'eventId'>[]): string[] => list.map((e) => e.eventId);

/** Every event of the feed (all pages from the start) whose stream starts with `prefix`. */
export async function readWholeFeed(
  store: EventStore,
  prefix: string,
  pageSize = 7,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let from = 'start';
  for (;;) {
    const page = await store.readAll(from, pageSize);
    out.push(...page.events.filter((e) => e.streamId.startsWith(prefix)));
    from = page.checkpoint;
    if (page.endOfFeed) return out;
  }
}

export async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

/** Polls until `probe` holds (the contract cannot use #testing: it is built with the library). */
export async function waitFor(
  probe: () => boolean,
  { timeoutMs, what, between }: { timeoutMs: number; what: string; between?: () => Promise<void> },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await between?.();
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await between?.();
  }
}

/**
 * Waits until the feed shows `count` events of `prefix`. On PostgreSQL the feed shows a commit once
 * no older transaction anywhere on the server is still running (other suites share the server), so
 * "visible right after the append returned" is not a promise the contract can make; "visible once
 * the older transactions end" is.
 */
export async function settled(store: EventStore, prefix: string, count: number): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const feed = await readWholeFeed(store, prefix, 10_000);
    if (feed.length >= count) return feed;
    if (Date.now() > deadline)
      throw new Error(`the feed shows ${feed.length} of ${count} events of ${prefix}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
