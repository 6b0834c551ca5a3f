// What the shared feed needs to serve several projections from one read: the order of two feed
// positions (to start at the one furthest behind and give each projection only what follows its own
// checkpoint), the union of their filters (the one read), and each projection's own filter.
// Checkpoints are opaque to the port; the order here is that of the PostgreSQL store
// (`pg:<transaction id>:<global position>`, the feed's own order), the one the service runs on.
import { START, type FeedFilter, type FeedPosition, type RecordedEvent } from '#eventstore';

const PG_CHECKPOINT = /^pg:(\d{1,20}):(\d{1,20})$/;

/** A checkpoint the shared feed cannot order: the projections must run one reader each. */
export class UnorderedCheckpoint extends Error {
  override readonly name = 'UnorderedCheckpoint';
  readonly retriable = false;
  constructor(checkpoint: string) {
    super(
      `Checkpoint ${JSON.stringify(checkpoint)} is not a PostgreSQL event store position: the shared ` +
        'projection feed orders only those. Run the projections service with EVENT_STORE=postgres.',
    );
  }
}

function key(position: FeedPosition): readonly [bigint, bigint] {
  if (position === START) return [-1n, -1n];
  const match = PG_CHECKPOINT.exec(position);
  if (!match) throw new UnorderedCheckpoint(position);
  return [BigInt(match[1]!), BigInt(match[2]!)];
}

/** Negative when `a` comes before `b` in the feed, 0 when equal, positive after. */
export function compareFeedPositions(a: FeedPosition, b: FeedPosition): number {
  if (a === b) return 0;
  const [aTx, aPos] = key(a);
  const [bTx, bPos] = key(b);
  if (aTx !== bTx) return aTx < bTx ? -1 : 1;
  return aPos === bPos ? 0 : aPos < bPos ? -1 : 1;
}

export function earliestPosition(positions: readonly FeedPosition[]): FeedPosition {
  return positions.reduce((earliest, position) =>
    compareFeedPositions(position, earliest) < 0 ? position : earliest,
  );
}

/** One filter that lets through everything any of `filters` does (it may let through more). */
export function unionFilter(filters: readonly (FeedFilter | undefined)[]): FeedFilter | undefined {
  if (filters.length === 0 || filters.some((filter) => filter === undefined)) return undefined;
  const defined = filters as readonly FeedFilter[];
  const eventTypes = defined.every((filter) => filter.eventTypes)
    ? [...new Set(defined.flatMap((filter) => filter.eventTypes ?? []))]
    : undefined;
  const streamPrefixes = defined.every((filter) => filter.streamPrefixes)
    ? [...new Set(defined.flatMap((filter) => filter.streamPrefixes ?? []))]
    : undefined;
  // A field is left out of the shared read only when no projection needs it.
  const omitted = defined.map((filter) => filter.omitDataFields ?? []);
  const omitDataFields = omitted[0]!.filter((field) => omitted.every((fields) => fields.includes(field)));
  if (!eventTypes && !streamPrefixes) return omitDataFields.length > 0 ? { omitDataFields } : undefined;
  return {
    ...(eventTypes ? { eventTypes } : {}),
    ...(streamPrefixes ? { streamPrefixes } : {}),
    ...(omitDataFields.length > 0 ? { omitDataFields } : {}),
  };
}

/** Whether one projection wants an event of the shared read (the port's filter semantics). */
export function matchesFilter(
  event: Pick<RecordedEvent, 'type' | 'streamId'>,
  filter: FeedFilter | undefined,
): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return !filter.streamPrefixes || filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}
