// The event store in process memory: unit tests of other libraries and the embedded demo use it.
// It passes the same contract suite as the PostgreSQL and EventStoreDB adapters.
import { randomUUID } from 'node:crypto';
import {
  START,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type FeedFilter,
  type FeedPage,
  type FeedPosition,
  type RecordedEvent,
} from '../event-store.port.js';
import { decideAppend, distinctStreams, validateAppend } from '../append-rules.js';
import { EventStoreUnavailable, InvalidEventStoreRequest, WrongExpectedVersion } from '../errors.js';
import { upcast, type UpcasterRegistry } from '../upcasting.js';
import { matchesFilter, withoutOmittedFields } from '../feed-filter.js';
import { runSubscription, sleep } from '../subscription/run-subscription.js';
import type {
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../subscription/subscription.types.js';

export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly log: RecordedEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  /** Distinguishes this store's checkpoints from another instance's. */
  private readonly instance = randomUUID().slice(0, 8);
  private closed = false;
  private appends = 0;

  constructor(private readonly options: { upcasters?: UpcasterRegistry } = {}) {}

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }]);
    if (result?.outcome === 'conflict')
      throw new WrongExpectedVersion(streamId, expected, result.actualVersion);
    return result!;
  }

  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    validateAppend(requests);
    const results = requests.map((request) => this.appendOne(request));
    if (results.some((result) => result.outcome === 'appended')) this.wake();
    return Promise.resolve(results);
  }

  private appendOne({ streamId, events, expected }: AppendRequest): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const found = new Map<string, number>();
    for (const event of stream) found.set(event.eventId.toLowerCase(), event.streamVersion);
    const ids = events.map((event) => event.eventId.toLowerCase());
    const outcome = decideAppend(expected, stream.length, ids, found);
    if (outcome === 'conflict') return { outcome, streamId, expected, actualVersion: stream.length };
    if (outcome === 'already-present') return { outcome, streamId, nextExpectedVersion: stream.length };
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      const position = this.log.length + 1;
      const recorded: RecordedEvent = {
        ...structuredClone(event),
        streamId,
        streamVersion: stream.length + 1,
        globalPosition: String(position),
        recordedAt,
        checkpoint: `mem:${this.instance}:${position}`,
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamId, stream);
    return { outcome, streamId, nextExpectedVersion: stream.length };
  }

  readStream(
    streamId: string,
    options: { fromVersion?: number; limit?: number } = {},
  ): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = Math.max(options.fromVersion ?? 1, 1);
    const events = (this.streams.get(streamId) ?? []).slice(from - 1, from - 1 + (options.limit ?? Infinity));
    return Promise.resolve(events.map((event) => upcast(structuredClone(event), this.options.upcasters)));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = distinctStreams(streamIds);
    for (const streamId of streams.keys()) streams.set(streamId, await this.readStream(streamId));
    return streams;
  }

  streamVersion(streamId: string): Promise<number> {
    return Promise.resolve(this.streams.get(streamId)?.length ?? 0);
  }

  readAll(from: FeedPosition, limit: number, filter?: FeedFilter): Promise<FeedPage> {
    this.assertOpen();
    let index = this.parseCheckpoint(from);
    const events: RecordedEvent[] = [];
    while (index < this.log.length && events.length < limit) {
      const event = this.log[index]!;
      index += 1;
      if (matchesFilter(event, filter)) {
        const delivered = withoutOmittedFields(structuredClone(event), filter);
        events.push(upcast(delivered, this.options.upcasters));
      }
    }
    const checkpoint = index === 0 ? from : this.log[index - 1]!.checkpoint;
    return Promise.resolve({ events, checkpoint, endOfFeed: index >= this.log.length });
  }

  countEventsAfter(from: FeedPosition, filter?: FeedFilter): Promise<number> {
    this.assertOpen();
    const after = this.log.slice(this.parseCheckpoint(from));
    return Promise.resolve(after.filter((event) => matchesFilter(event, filter)).length);
  }

  subscribe<Client>(
    subscriptionId: string,
    handler: SubscriptionHandler<Client>,
    options: SubscribeOptions<Client>,
  ): Subscription {
    this.assertOpen();
    const subscription = runSubscription(
      {
        readAll: (from, limit, filter) => this.readAll(from, limit, filter),
        generation: () => this.appends,
        waitForAppend: (seen, timeoutMs, signal) =>
          this.appends === seen ? this.waitForAppend(timeoutMs, signal) : Promise.resolve(),
      },
      subscriptionId,
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void> {
    const local = new AbortController();
    const wake = () => local.abort();
    this.waiters.add(wake);
    signal.addEventListener('abort', wake, { once: true });
    return sleep(timeoutMs, local.signal).finally(() => {
      this.waiters.delete(wake);
      signal.removeEventListener('abort', wake);
    });
  }

  private wake(): void {
    this.appends += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  private parseCheckpoint(from: FeedPosition): number {
    if (from === START) return 0;
    const match = /^mem:([0-9a-f]{8}):(\d+)$/.exec(from);
    if (!match || match[1] !== this.instance) {
      throw new InvalidEventStoreRequest(
        `Checkpoint ${JSON.stringify(from)} does not come from this in-memory store: resume with a checkpoint it gave you, or from 'start'.`,
      );
    }
    return Number(match[2]);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailable('The in-memory event store is closed.', false);
  }
}
