// The in-memory event store speaking in EventStoreDB's feed positions (`esdb:<commit>:<prepare>`):
// with no EventStoreDB server on the development machines, this is how the projections' shared feed,
// runners and PostgreSQL checkpoint tables are run on the positions the EventStoreDB adapter issues.
// Positions grow by 97 per event, so they cross digit lengths early (a string order would misplace
// them) and exceed 2^53 when `offset` says so.
import {
  InMemoryEventStore,
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
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '#eventstore';

export class EventStoreDbPositionedStore implements EventStore {
  private readonly inner = new InMemoryEventStore();
  /** Every position handed out, back to the in-memory checkpoint it stands for. */
  private readonly issued = new Map<string, string>();

  constructor(private readonly offset = 0n) {}

  append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.inner.append(streamId, events, expected);
  }

  appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return this.inner.appendMany(requests);
  }

  async readStream(streamId: string, options?: { fromVersion?: number; limit?: number }) {
    return (await this.inner.readStream(streamId, options)).map((event) => this.recorded(event));
  }

  async readStreams(streamIds: readonly string[]) {
    const streams = await this.inner.readStreams(streamIds);
    for (const [streamId, events] of streams)
      streams.set(
        streamId,
        events.map((event) => this.recorded(event)),
      );
    return streams;
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  async readAll(from: FeedPosition, limit: number, filter?: FeedFilter): Promise<FeedPage> {
    const page = await this.inner.readAll(this.toMemory(from), limit, filter);
    return {
      ...page,
      events: page.events.map((event) => this.recorded(event)),
      checkpoint: this.toEsdb(page.checkpoint),
    };
  }

  subscribe<Client>(
    subscriptionId: string,
    handler: SubscriptionHandler<Client>,
    options: SubscribeOptions<Client>,
  ): Subscription {
    const { checkpoints } = options;
    return this.inner.subscribe<Client>(
      subscriptionId,
      (events, context) =>
        handler(
          events.map((event) => this.recorded(event)),
          { ...context, checkpoint: this.toEsdb(context.checkpoint) },
        ),
      {
        ...options,
        ...(options.from ? { from: this.toMemory(options.from) } : {}),
        checkpoints: {
          load: async (id) => {
            const stored = await checkpoints.load(id);
            return stored === undefined ? undefined : this.toMemory(stored);
          },
          withTransaction: (work) => checkpoints.withTransaction(work),
          save: (id, checkpoint, client) => checkpoints.save(id, this.toEsdb(checkpoint), client),
          deadLetter: (id, event, error, client) =>
            checkpoints.deadLetter(id, this.recorded(event), error, client),
        },
      },
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private recorded(event: RecordedEvent): RecordedEvent {
    return { ...event, checkpoint: this.toEsdb(event.checkpoint) };
  }

  private toEsdb(memory: FeedPosition): FeedPosition {
    if (memory === START) return START;
    const position = BigInt(/:(\d+)$/.exec(memory)![1]!) * 97n + this.offset;
    const esdb = `esdb:${position}:${position}`;
    this.issued.set(esdb, memory);
    return esdb;
  }

  private toMemory(esdb: FeedPosition): FeedPosition {
    if (esdb === START) return START;
    const memory = this.issued.get(esdb);
    if (memory === undefined) throw new Error(`${esdb} was not issued by this store`);
    return memory;
  }
}
