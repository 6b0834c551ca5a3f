// What a projection is: a name, the events it reads, the tables it owns, and `apply`, which writes
// one batch through the checkpoint transaction's client. The pure part of each projection is its
// `evolve(row, event)`; `apply` loads the rows a batch touches, folds, and writes them back in bulk.
import type { FeedFilter, RecordedEvent } from '#eventstore';
import type { ReadModelTable } from '#read-model';
import type pg from 'pg';

/**
 * Event data no projection reads: TransactionScored's feature values (the read tables keep the score,
 * decision and reason codes). Left out of the feed on the server (FeedFilter.omitDataFields), they
 * are about half of every TransactionScored the projections would otherwise receive and parse.
 */
export const UNREAD_TRANSACTION_FIELDS: readonly string[] = ['features'];

export interface Projection {
  readonly name: string;
  readonly filter: FeedFilter;
  /** Tables this projection alone writes: a rebuild replaces exactly these. */
  readonly tables: readonly ReadModelTable[];
  apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void>;
}

/** A projection could not apply this event; it stops there until fixed (recorded with the event). */
export class ProjectionEventFailed extends Error {
  override readonly name = 'ProjectionEventFailed';
  readonly retriable = false;
  constructor(
    readonly projection: string,
    readonly event: Pick<RecordedEvent, 'eventId' | 'streamId' | 'streamVersion' | 'type' | 'checkpoint'>,
    cause: unknown,
  ) {
    super(
      `Projection ${projection} cannot apply ${event.type} ${event.streamId}@${event.streamVersion} (event ${event.eventId}): ` +
        `${cause instanceof Error ? cause.message : String(cause)}. Fix the projection (or the data) and restart the ` +
        'projections service; it resumes at this event.',
      { cause },
    );
  }
}

/** An event whose data breaks the projection's assumptions (a bug or bad data, not a blip). */
export class UnexpectedEvent extends Error {
  override readonly name = 'UnexpectedEvent';
  readonly retriable = false;
}

/** The domain shape of a stored event: `{ type, data }` narrowed by `type`. */
export function asDomainEvent<Event extends { type: string }>(event: RecordedEvent): Event {
  return { type: event.type, data: event.data } as unknown as Event;
}

/**
 * Folds a batch into rows keyed by `keyOf`, starting from `loaded` (rows as stored). Returns only
 * the rows that changed; an event the row already reflects leaves it as it is (the same object).
 */
export function foldRows<Row>(
  events: readonly RecordedEvent[],
  loaded: ReadonlyMap<string, Row>,
  keyOf: (event: RecordedEvent) => string | undefined,
  evolve: (row: Row | undefined, event: RecordedEvent) => Row | undefined,
): Map<string, Row> {
  const current = new Map<string, Row | undefined>();
  const changed = new Map<string, Row>();
  for (const event of events) {
    const key = keyOf(event);
    if (key === undefined) continue;
    const before = current.has(key) ? current.get(key) : loaded.get(key);
    const after = evolve(before, event);
    current.set(key, after);
    if (after !== undefined && after !== before) changed.set(key, after);
  }
  return changed;
}

export const distinctKeys = (
  events: readonly RecordedEvent[],
  keyOf: (event: RecordedEvent) => string | undefined,
): string[] => [...new Set(events.map(keyOf).filter((key): key is string => key !== undefined))];
