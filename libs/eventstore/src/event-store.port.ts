// The event store port: what every adapter (PostgreSQL, EventStoreDB, in-memory) promises. The types
// are plain data so libs/domain can build its events on them without importing infrastructure.
import type {
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './subscription/subscription.types.js';

export type Actor = { readonly id: string; readonly role: string } | 'system';

export type EventMetadata = {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor: Actor;
  /** ISO-8601 instant at which the fact happened (not when it was stored). */
  readonly occurredAt: string;
} & Readonly<Record<string, unknown>>;

/** What a caller appends. `eventId` is caller-chosen (a uuid) and makes retries idempotent. */
export interface EventToAppend {
  readonly eventId: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
}

/** What a reader gets back: the appended event plus where and when the store put it. */
export interface RecordedEvent extends EventToAppend {
  readonly streamId: string;
  /** 1-based: the first event of a stream has version 1. */
  readonly streamVersion: number;
  /** Decimal string (it can exceed 2^53); unique, but the feed is ordered by `checkpoint`, not by it. */
  readonly globalPosition: string;
  /** ISO-8601 instant at which the store committed the event. */
  readonly recordedAt: string;
  /** Opaque and exclusive: reading from it resumes right after this event. */
  readonly checkpoint: string;
}

/** Expected version of a stream before an append. Versions are 1-based; a missing stream is 0. */
export type ExpectedVersion = typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY | number;
export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedVersion;
}

/** Outcome of one stream's append; `appendMany` returns one per request, in request order. */
export type AppendResult =
  | { readonly outcome: 'appended'; readonly streamId: string; readonly nextExpectedVersion: number }
  /** Every event id was already in the stream at the expected position: nothing was written. */
  | { readonly outcome: 'already-present'; readonly streamId: string; readonly nextExpectedVersion: number }
  /** The stream was not where `expected` said; nothing was written to it. */
  | {
      readonly outcome: 'conflict';
      readonly streamId: string;
      readonly expected: ExpectedVersion;
      readonly actualVersion: number;
    };

/** Start of the feed for `readAll` and subscriptions. */
export const START = 'start' as const;
/** START or a checkpoint an event or a page of this store returned (opaque). */
export type FeedPosition = string;

export interface FeedFilter {
  readonly eventTypes?: readonly string[];
  /** e.g. `['transaction-', 'alert-']`; matches stream ids starting with one of them. */
  readonly streamPrefixes?: readonly string[];
  /**
   * Top-level fields of `data` this reader does not need (e.g. `['features']` of TransactionScored):
   * every adapter leaves them out of the events it delivers (PostgreSQL on the server, so they are
   * neither sent nor parsed; the others after decoding). Not a filter: the events still come.
   * An upcaster must not need them (PostgreSQL and memory leave them out before upcasting).
   */
  readonly omitDataFields?: readonly string[];
  /**
   * The reader does not need the events' metadata (actor, correlation...): every adapter delivers
   * `{}` instead (PostgreSQL does not send it, so it is not parsed either). An upcaster must not need
   * it. A bulk replay (the backtest) saves ~a tenth of its decoding this way.
   */
  readonly omitMetadata?: boolean;
}

export interface FeedPage {
  readonly events: readonly RecordedEvent[];
  /**
   * Where the next read starts. It moves past events the filter skipped, so a filtered reader does
   * not rescan them; equals `from` when nothing new was visible.
   */
  readonly checkpoint: FeedPosition;
  /** True when the page reached the end of what is visible now (a live reader may wait). */
  readonly endOfFeed: boolean;
  /**
   * At the end of the feed: events have committed that are not visible yet, because a transaction
   * that began before them still runs (PostgreSQL's horizon). They appear as soon as it ends: read
   * again soon rather than waiting for a wake-up (also when the filter takes none of them: the
   * checkpoint moves past them then). Absent when the adapter has no such delay.
   */
  readonly heldBack?: boolean;
  /**
   * Of those hidden events, some are ones the filter takes (the PostgreSQL adapter looks at a bounded
   * number of hidden rows and says true when there are more). False or absent: every committed event
   * the filter takes was in reach of this read.
   */
  readonly heldBackMatching?: boolean;
}

export interface EventStore {
  /** Appends to one stream; throws `WrongExpectedVersion` on a conflict. */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult>;
  /**
   * Appends to many streams; a conflict on one stream does not stop the others (it is reported in
   * that stream's result). Request streams must be distinct.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /** Events of one stream from `fromVersion` (1-based, inclusive; default 1), upcast. */
  readStream(streamId: string, options?: { fromVersion?: number; limit?: number }): Promise<RecordedEvent[]>;
  /**
   * Every event of each of `streamIds`, upcast, keyed by stream id in the order asked (a missing
   * stream maps to []): one round trip per many streams where the store allows it (PostgreSQL), so
   * a reader of thousands of streams pays per batch, not per stream. Ids must be distinct.
   */
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Current version of a stream (0 when it does not exist). */
  streamVersion(streamId: string): Promise<number>;
  /** One page of the global feed after `from` (exclusive), upcast. */
  readAll(from: FeedPosition, limit: number, filter?: FeedFilter): Promise<FeedPage>;
  /**
   * How many events of the feed after `from` (exclusive) are visible now, optionally filtered: a
   * subscriber's lag, for metrics. Optional: present where counting is cheap (PostgreSQL: an index
   * range count, proportional to the lag; in-memory); EventStoreDB has no such count.
   */
  countEventsAfter?(from: FeedPosition, filter?: FeedFilter): Promise<number>;
  /** Catch-up then live delivery of the global feed to `handler`; see subscription.types.ts. */
  subscribe<Client>(
    subscriptionId: string,
    handler: SubscriptionHandler<Client>,
    options: SubscribeOptions<Client>,
  ): Subscription;
  close(): Promise<void>;
}

/** The category of a stream: the part before the first '-' (`transaction-42` -> `transaction`). */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
