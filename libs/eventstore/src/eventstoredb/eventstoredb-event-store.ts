// The EventStoreDB / KurrentDB adapter (@eventstore/db-client, gRPC): the same port and semantics as
// the PostgreSQL store. Revisions are 0-based there and versions 1-based here; system events ($...)
// never reach callers; the schema version travels in the event metadata as `$schemaVersion`.
import {
  END,
  EventStoreDBClient,
  FORWARDS,
  START as ESDB_START,
  StreamNotFoundError,
  excludeSystemEvents,
  type AllStreamSubscription,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
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
import { distinctStreams, validateAppend } from '../append-rules.js';
import { appendToEventStoreDb } from './eventstoredb-append.js';
import { EventStoreUnavailable, InvalidEventStoreRequest, WrongExpectedVersion } from '../errors.js';
import { matchesFilter, withoutOmittedFields } from '../feed-filter.js';
import { upcast, type UpcasterRegistry } from '../upcasting.js';
import { runSubscription, sleep } from '../subscription/run-subscription.js';
import type {
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../subscription/subscription.types.js';

export interface EventStoreDbEventStoreOptions {
  readonly client: EventStoreDBClient;
  readonly upcasters?: UpcasterRegistry;
  /** Streams appended in parallel by appendMany (each is its own gRPC call). */
  readonly appendConcurrency?: number;
  readonly ownsClient?: boolean;
}

type Stored = ResolvedEvent['event'];

/** Streams `readStreams` reads at once. */
const STREAM_READS_IN_FLIGHT = 16;

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  private live: AllStreamSubscription | undefined;
  private readonly waiters = new Set<() => void>();
  private generation = 0;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    this.client = options.client;
  }

  static connect(url: string, options: { upcasters?: UpcasterRegistry } = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore({
      client: EventStoreDBClient.connectionString(url),
      upcasters: options.upcasters,
      ownsClient: true,
    });
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    validateAppend([{ streamId, events, expected }]);
    const result = await this.appendOne({ streamId, events, expected });
    if (result.outcome === 'conflict')
      throw new WrongExpectedVersion(streamId, expected, result.actualVersion);
    return result;
  }

  /** Per stream (EventStoreDB has no multi-stream append), a few streams at a time, in request order. */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    validateAppend(requests);
    const results: AppendResult[] = new Array<AppendResult>(requests.length);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        results[index] = await this.appendOne(requests[index]!);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.appendConcurrency ?? 16, requests.length) }, worker),
    );
    return results;
  }

  private async appendOne(request: AppendRequest): Promise<AppendResult> {
    try {
      return await appendToEventStoreDb(this.client, request);
    } catch (error) {
      throw this.storeError(error, `appending to ${request.streamId}`);
    }
  }

  async readStream(
    streamId: string,
    options: { fromVersion?: number; limit?: number } = {},
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: BigInt(Math.max(options.fromVersion ?? 1, 1) - 1),
        maxCount: options.limit ?? Number.MAX_SAFE_INTEGER,
        direction: FORWARDS,
      })) {
        const event = this.toEvent(resolved.event);
        if (event) out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw this.storeError(error, `reading stream ${streamId}`);
    }
    return out;
  }

  /** EventStoreDB reads one stream per call: a few at once over the one gRPC connection. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = distinctStreams(streamIds);
    let next = 0;
    let failed = false;
    const reader = async (): Promise<void> => {
      while (next < streamIds.length && !failed) {
        const streamId = streamIds[next++]!;
        try {
          streams.set(streamId, await this.readStream(streamId));
        } catch (error) {
          failed = true; // the caller has the error: the other readers stop too
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(STREAM_READS_IN_FLIGHT, streamIds.length) }, reader));
    return streams;
  }

  async streamVersion(streamId: string): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: END,
        direction: 'backwards',
        maxCount: 1,
      })) {
        return Number(resolved.event?.revision ?? -1n) + 1;
      }
      return 0;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 0;
      throw this.storeError(error, `reading the version of ${streamId}`);
    }
  }

  /** $all reads are inclusive of their start position; the first record is dropped when it is `from`. */
  async readAll(from: FeedPosition, limit: number, filter?: FeedFilter): Promise<FeedPage> {
    const start = decodePosition(from);
    const events: RecordedEvent[] = [];
    let scanned = 0;
    let last: Position | undefined;
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: start ?? ESDB_START,
        maxCount: limit + 1,
        direction: FORWARDS,
      })) {
        const position = resolved.event?.position;
        if (!position) continue;
        if (start && position.commit === start.commit && position.prepare === start.prepare) continue;
        scanned += 1;
        last = position;
        const event = this.toEvent(resolved.event);
        if (event && matchesFilter(event, filter)) events.push(withoutOmittedFields(event, filter));
        if (scanned >= limit) break;
      }
    } catch (error) {
      throw this.storeError(error, 'reading $all');
    }
    return { events, checkpoint: last ? encodePosition(last) : from, endOfFeed: scanned < limit };
  }

  subscribe<Client>(
    subscriptionId: string,
    handler: SubscriptionHandler<Client>,
    options: SubscribeOptions<Client>,
  ): Subscription {
    const subscription = runSubscription(
      {
        readAll: (from, limit, filter) => this.readAll(from, limit, filter),
        generation: () => this.generation,
        waitForAppend: async (seen, timeoutMs, signal) => {
          if (this.generation !== seen) return;
          const local = new AbortController();
          const wake = () => local.abort();
          this.waiters.add(wake);
          signal.addEventListener('abort', wake, { once: true });
          try {
            await sleep(timeoutMs, local.signal);
          } finally {
            this.waiters.delete(wake);
            signal.removeEventListener('abort', wake);
          }
        },
        ready: () => Promise.resolve(this.listen()),
      },
      subscriptionId,
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.live?.unsubscribe();
    this.live = undefined;
    if (this.options.ownsClient) await this.client.dispose();
  }

  /** A live $all subscription is the wake-up signal; the feed itself is still read page by page. */
  private listen(): void {
    if (this.live) return;
    const live = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    live.on('data', () => {
      this.generation += 1;
      for (const waiter of [...this.waiters]) waiter();
    });
    // Without the live subscription, subscribers poll; the next subscribe starts another one.
    live.on('error', () => {
      if (this.live === live) this.live = undefined;
    });
    this.live = live;
  }

  private toEvent(stored: Stored): RecordedEvent | undefined {
    if (!stored || !stored.isJson || stored.type.startsWith('$') || stored.streamId.startsWith('$'))
      return undefined;
    const { $schemaVersion, ...metadata } = (stored.metadata ?? {}) as Record<string, unknown>;
    const position = stored.position;
    const event: RecordedEvent = {
      eventId: stored.id,
      type: stored.type,
      data: stored.data as Record<string, unknown>,
      metadata: metadata as RecordedEvent['metadata'],
      schemaVersion: typeof $schemaVersion === 'number' ? $schemaVersion : 1,
      streamId: stored.streamId,
      streamVersion: Number(stored.revision) + 1,
      globalPosition: position ? position.commit.toString() : '',
      recordedAt: stored.created.toISOString(),
      checkpoint: position ? encodePosition(position) : '',
    };
    return upcast(event, this.options.upcasters);
  }

  private storeError(error: unknown, doing: string): Error {
    if (error instanceof EventStoreUnavailable || error instanceof InvalidEventStoreRequest) return error;
    const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
    const retriable = type === 'unavailable' || type === 'deadline-exceeded' || type === 'not-leader';
    const reason = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailable(
      `EventStoreDB failed while ${doing}: ${reason} (${retriable ? 'retriable: try again' : 'not retriable'})`,
      retriable,
      { cause: error },
    );
  }
}

const encodePosition = (position: Position) => `esdb:${position.commit}:${position.prepare}`;

function decodePosition(checkpoint: FeedPosition): Position | undefined {
  if (checkpoint === START) return undefined;
  const match = /^esdb:(\d+):(\d+)$/.exec(checkpoint);
  if (!match) {
    throw new InvalidEventStoreRequest(
      `Checkpoint ${JSON.stringify(checkpoint)} was not issued by the EventStoreDB event store: resume from a checkpoint it returned, or from 'start'.`,
    );
  }
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}
