// The PostgreSQL adapter, the default event store. Appends go through eventstore_append (one
// statement per call, or per part of about 256 KiB for large batches); the feed is read as
// postgres-feed.ts explains; subscribers are woken by LISTEN/NOTIFY and poll as a fallback.
import type pg from 'pg';
import {
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
import { EventStoreUnavailable, InvalidEventStoreRequest, WrongExpectedVersion } from '../errors.js';
import type { UpcasterRegistry } from '../upcasting.js';
import { runSubscription } from '../subscription/run-subscription.js';
import type {
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../subscription/subscription.types.js';
import { toStoreError } from './postgres-errors.js';
import {
  COUNT_AFTER_SQL,
  READ_FEED_SQL,
  decodeCheckpoint,
  encodeCheckpoint,
  inFeedOrder,
  isAfter,
  prefixPatterns,
} from './postgres-feed.js';
import {
  EVENT_ROW_COLUMNS,
  EVENT_ROW_WIDTH,
  decodeEventRow,
  eventRowQuery,
  type EventRow,
} from './postgres-event-rows.js';
import { PostgresWakeups } from './postgres-wakeups.js';
import { runInParts } from './statement-parts.js';
import {
  type BatchPart,
  DEFAULT_APPEND_CONCURRENCY,
  DEFAULT_MAX_STATEMENT_BYTES,
  splitBatch,
} from './postgres-append-batch.js';
import { createEventStorePool, guardCheckedOutClients, logPoolErrors } from './postgres-pool.js';
import { consoleLogger, type EventStoreLogger } from '../event-store-logger.js';

export interface PostgresEventStoreOptions {
  readonly pool: pg.Pool;
  readonly upcasters?: UpcasterRegistry;
  /** End the pool on close() (true when the store created it). */
  readonly ownsPool?: boolean;
  /**
   * Where recovered failures are reported (an idle connection killed, the LISTEN connection lost);
   * default console. A pool with no 'error' listener gets one that logs here, so such a failure
   * cannot crash the process.
   */
  readonly logger?: EventStoreLogger;
  /**
   * Largest JSON argument of one `eventstore_append` statement (default 256 KiB, about 130
   * scored transactions or 1,000 small events); an `appendMany` above it is split into parts.
   */
  readonly maxStatementBytes?: number;
  /**
   * How many parts of one split `appendMany` run at once, each on its own connection (default 1).
   * Above 1 the parts commit in any order, so the feed no longer shows a call's streams in request
   * order (replays that rebuild per-key history from the feed, like the backtest, rely on it).
   */
  readonly appendConcurrency?: number;
  /**
   * Least time between two NOTIFYs of this store's appends (default 10 ms; postgres-wakeups.ts):
   * how much later than its commit a subscriber in another process may hear of an append.
   */
  readonly notifyIntervalMs?: number;
}

/** Streams one `readStreams` statement asks for (the rest go in further statements, in turn). */
const STREAMS_PER_READ = 1_000;

export class PostgresEventStore implements EventStore {
  /** The pool the store appends and reads through (e.g. for `migrate(store.pool)`). */
  readonly pool: pg.Pool;
  private readonly wakeups: PostgresWakeups;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    const logger = options.logger ?? consoleLogger;
    if (options.pool.listenerCount('error') === 0) logPoolErrors(options.pool, logger);
    // Whoever made the pool, the connections the store holds across statements are guarded.
    guardCheckedOutClients(options.pool);
    this.wakeups = new PostgresWakeups(options.pool, logger, options.notifyIntervalMs);
  }

  /** A store on its own pool; run `migrate(store.pool)` (or `migrate` on any pool) before use. */
  static connect(
    connectionString: string,
    options: {
      upcasters?: UpcasterRegistry;
      max?: number;
      logger?: EventStoreLogger;
      maxStatementBytes?: number;
    } = {},
  ) {
    const pool = createEventStorePool(connectionString, options);
    return new PostgresEventStore({ ...options, pool, ownsPool: true });
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
    options: { client?: pg.ClientBase } = {},
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }], options);
    if (result?.outcome === 'conflict')
      throw new WrongExpectedVersion(streamId, expected, result.actualVersion);
    return result!;
  }

  /**
   * One `eventstore_append` statement per part of the batch: the whole batch when its JSON is at
   * most `maxStatementBytes`, otherwise consecutive parts of about that size, up to
   * `appendConcurrency` of them at once (default one after the other), each its own transaction.
   * Why: a PostgreSQL backend gives the heap of a large statement back to the OS when it ends, and
   * the next one pays a page fault per 4 KB again (docs/EVENTSTORE.md, "Large batches"). Pass
   * `client` to append inside your own transaction: the parts then run one after the other on it,
   * and the events become visible, and subscribers are notified, when you commit.
   */
  async appendMany(
    requests: readonly AppendRequest[],
    options: { client?: pg.ClientBase } = {},
  ): Promise<AppendResult[]> {
    validateAppend(requests);
    if (requests.length === 0) return [];
    const parts = splitBatch(requests, this.options.maxStatementBytes ?? DEFAULT_MAX_STATEMENT_BYTES);
    if (parts.length === 1) return this.appendPart(parts[0]!, options.client);
    const lanes = options.client ? 1 : (this.options.appendConcurrency ?? DEFAULT_APPEND_CONCURRENCY);
    const results = await runInParts(parts, lanes, (part) => this.appendPart(part, options.client));
    return results.flat();
  }

  private async appendPart(part: BatchPart, client: pg.ClientBase | undefined): Promise<AppendResult[]> {
    const { requests } = part;
    const query = {
      name: 'eventstore_append',
      text: 'SELECT stream_id, outcome, stream_version::text AS version FROM eventstore_append($1::jsonb, $2)',
      // Inside a caller's transaction the NOTIFY must ride on its commit; otherwise it follows ours.
      values: [part.json, client !== undefined],
    };
    let rows: { stream_id: string; outcome: AppendResult['outcome']; version: string }[];
    try {
      ({ rows } = await (client ?? this.pool).query<{
        stream_id: string;
        outcome: AppendResult['outcome'];
        version: string;
      }>(query));
    } catch (error) {
      throw toStoreError(error, `appending to ${requests.length} stream(s)`);
    }
    if (!client && rows.some((row) => row.outcome === 'appended')) this.wakeups.announce();
    return requests.map((request, index): AppendResult => {
      const row = rows[index];
      if (!row || row.stream_id !== request.streamId) {
        throw new EventStoreUnavailable(
          `eventstore_append answered out of order for ${request.streamId}`,
          false,
        );
      }
      const version = Number(row.version);
      return row.outcome === 'conflict'
        ? {
            outcome: 'conflict',
            streamId: request.streamId,
            expected: request.expected,
            actualVersion: version,
          }
        : { outcome: row.outcome, streamId: request.streamId, nextExpectedVersion: version };
    });
  }

  async readStream(
    streamId: string,
    options: { fromVersion?: number; limit?: number } = {},
  ): Promise<RecordedEvent[]> {
    const rows = await this.readRows(
      'eventstore_read_stream_v2',
      `SELECT ${EVENT_ROW_COLUMNS} FROM eventstore_events e
       WHERE e.stream_no = (SELECT s.stream_no FROM eventstore_streams s WHERE s.stream_id = $1)
         AND e.stream_version >= $2 ORDER BY e.stream_version LIMIT $3`,
      [streamId, Math.max(options.fromVersion ?? 1, 1), options.limit ?? null],
      `reading stream ${streamId}`,
    );
    return rows.map((row) => decodeEventRow(row, this.options.upcasters));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = distinctStreams(streamIds);
    for (let start = 0; start < streamIds.length; start += STREAMS_PER_READ) {
      const ids = streamIds.slice(start, start + STREAMS_PER_READ);
      const rows = await this.readRows(
        'eventstore_read_streams_v1',
        `SELECT ${EVENT_ROW_COLUMNS} FROM eventstore_events e
         WHERE e.stream_no IN (SELECT s.stream_no FROM eventstore_streams s WHERE s.stream_id = ANY($1::text[]))
         ORDER BY e.stream_no, e.stream_version`,
        [ids],
        `reading ${ids.length} streams`,
      );
      for (const row of rows) {
        const event = decodeEventRow(row, this.options.upcasters);
        streams.get(event.streamId)!.push(event);
      }
    }
    return streams;
  }

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.query<{ version: string }>(
      'SELECT version::text AS version FROM eventstore_streams WHERE stream_id = $1',
      [streamId],
      `reading the version of ${streamId}`,
    );
    return Number(rows[0]?.version ?? 0);
  }

  async readAll(from: FeedPosition, limit: number, filter?: FeedFilter): Promise<FeedPage> {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new InvalidEventStoreRequest(`readAll limit ${limit} is not a positive whole number.`);
    }
    const start = decodeCheckpoint(from);
    const rows = await this.readRows(
      'eventstore_read_feed_v5',
      READ_FEED_SQL,
      [
        start.transactionId.toString(),
        start.position.toString(),
        limit,
        filter?.eventTypes ? [...filter.eventTypes] : null,
        prefixPatterns(filter),
        filter?.omitDataFields && filter.omitDataFields.length > 0 ? [...filter.omitDataFields] : null,
        filter?.omitMetadata === true,
      ],
      'reading the global feed',
    );
    // An empty page is one row of nulls carrying only "high".
    const pageRows = rows[0]?.[0] === null ? [] : inFeedOrder(rows);
    const events = pageRows.map((row) => decodeEventRow(row, this.options.upcasters));
    const last = events.at(-1);
    if (events.length >= limit) return { events, checkpoint: last!.checkpoint, endOfFeed: false };
    const highTx = rows[0]?.[EVENT_ROW_WIDTH];
    const highPos = rows[0]?.[EVENT_ROW_WIDTH + 1];
    const high = highTx && highPos ? { transactionId: BigInt(highTx), position: BigInt(highPos) } : undefined;
    const checkpoint = high && isAfter(high, start) ? encodeCheckpoint(high) : (last?.checkpoint ?? from);
    return {
      events,
      checkpoint,
      endOfFeed: true,
      heldBack: rows[0]?.[EVENT_ROW_WIDTH + 2] === 't',
      heldBackMatching: rows[0]?.[EVENT_ROW_WIDTH + 3] === 't',
    };
  }

  async countEventsAfter(from: FeedPosition, filter?: FeedFilter): Promise<number> {
    const start = decodeCheckpoint(from);
    const { rows } = await this.query<{ n: string }>(
      { name: 'eventstore_count_after', text: COUNT_AFTER_SQL },
      [
        start.transactionId.toString(),
        start.position.toString(),
        filter?.eventTypes ? [...filter.eventTypes] : null,
        prefixPatterns(filter),
      ],
      'counting the events after a checkpoint',
    );
    return Number(rows[0]?.n ?? 0);
  }

  subscribe<Client>(
    subscriptionId: string,
    handler: SubscriptionHandler<Client>,
    options: SubscribeOptions<Client>,
  ): Subscription {
    const subscription = runSubscription(
      {
        readAll: (from, limit, filter) => this.readAll(from, limit, filter),
        generation: () => this.wakeups.generation,
        waitForAppend: (seen, timeoutMs, signal) => this.wakeups.wait(seen, timeoutMs, signal),
        ready: () => this.wakeups.ready(),
      },
      subscriptionId,
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.wakeups.close();
    if (this.options.ownsPool) await this.pool.end();
  }

  private async readRows(name: string, sql: string, values: unknown[], doing: string): Promise<EventRow[]> {
    try {
      const { rows } = await this.pool.query<EventRow>(eventRowQuery(name, sql, values));
      return rows;
    } catch (error) {
      throw toStoreError(error, doing);
    }
  }

  private async query<Row extends pg.QueryResultRow>(
    sql: string | { name: string; text: string },
    values: unknown[],
    doing: string,
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(typeof sql === 'string' ? { text: sql, values } : { ...sql, values });
    } catch (error) {
      throw toStoreError(error, doing);
    }
  }
}
