// What the shared feed needs to serve several projections from one read: the order of two feed
// positions (to start at the one furthest behind and give each projection only what follows its own
// checkpoint), the union of their filters (the one read), and each projection's own filter.
// Checkpoints are opaque to the port; the order here is each adapter's own feed order:
// PostgreSQL `pg:<transaction id>:<global position>`, EventStoreDB `esdb:<commit>:<prepare>` (its
// $all position). Both are compared numerically (they exceed 2^53). START comes before either.
import { START, type FeedFilter, type FeedPosition, type RecordedEvent } from '#eventstore';

/** The position formats the shared feed orders, by the EVENT_STORE that issues them. */
const STORES = {
  postgres: { name: 'PostgreSQL', pattern: /^pg:(\d{1,20}):(\d{1,20})$/ },
  eventstoredb: { name: 'EventStoreDB', pattern: /^esdb:(\d{1,20}):(\d{1,20})$/ },
} as const;
export type FeedStore = keyof typeof STORES;
const KINDS = Object.keys(STORES) as FeedStore[];

const REBUILD =
  'Rebuild the projections from the store in use: npm run projections:rebuild, with the same ' +
  'EVENT_STORE (and EVENTSTORE_URL) as the service.';

/** A checkpoint the shared feed cannot order: not a position either event store issues. */
export class UnorderedCheckpoint extends Error {
  override readonly name = 'UnorderedCheckpoint';
  readonly retriable = false;
  constructor(checkpoint: string) {
    super(
      `Checkpoint ${JSON.stringify(checkpoint)} is neither a PostgreSQL event store position ` +
        '(pg:<transaction>:<position>) nor an EventStoreDB one (esdb:<commit>:<prepare>), so the ' +
        `projection feed cannot order it. ${REBUILD}`,
    );
  }
}

/**
 * Checkpoints of different event stores: the checkpoint table was written while the projections ran
 * on the other store (EVENT_STORE changed). A position of one store means nothing in the other, so
 * the read tables must be rebuilt from the store now in use.
 */
export class CheckpointOfOtherStore extends Error {
  override readonly name = 'CheckpointOfOtherStore';
  readonly retriable = false;
}

interface Key {
  readonly store: FeedStore | undefined;
  readonly major: bigint;
  readonly minor: bigint;
}

function key(position: FeedPosition): Key {
  if (position === START) return { store: undefined, major: -1n, minor: -1n };
  // One regex per position, PostgreSQL's first: the default store's hot path is as before.
  for (const store of KINDS) {
    const match = STORES[store].pattern.exec(position);
    if (match) return { store, major: BigInt(match[1]!), minor: BigInt(match[2]!) };
  }
  throw new UnorderedCheckpoint(position);
}

/** The store that issued a position other than START (UnorderedCheckpoint when neither did). */
const storeOf = (position: FeedPosition): FeedStore | undefined => key(position).store;

/** Throws CheckpointOfOtherStore, naming the fix, unless every position is START or one of `store`'s. */
export function requireCheckpointsOf(store: FeedStore, positions: readonly FeedPosition[]): void {
  for (const position of positions) {
    if (position === START) continue;
    const issuer = storeOf(position);
    if (issuer === undefined || issuer === store) continue;
    throw new CheckpointOfOtherStore(
      `Checkpoint ${JSON.stringify(position)} was written by the ${STORES[issuer].name} event store, but ` +
        `the projections run on ${STORES[store].name} (EVENT_STORE=${store}): the checkpoint table ` +
        `was written while they ran on the other store. ${REBUILD}`,
    );
  }
}

/**
 * Negative when `a` comes before `b` in the feed, 0 when equal, positive after. START is before
 * every position; positions of different stores are refused (CheckpointOfOtherStore).
 */
export function compareFeedPositions(a: FeedPosition, b: FeedPosition): number {
  if (a === b) return 0;
  const ka = key(a);
  const kb = key(b);
  if (ka.store && kb.store && ka.store !== kb.store) throw mixed(a, b);
  if (ka.major !== kb.major) return ka.major < kb.major ? -1 : 1;
  return ka.minor === kb.minor ? 0 : ka.minor < kb.minor ? -1 : 1;
}

/** Only for two positions known to be of different stores (neither START). */
function mixed(a: FeedPosition, b: FeedPosition): CheckpointOfOtherStore {
  return new CheckpointOfOtherStore(
    `Checkpoints ${JSON.stringify(a)} (${STORES[storeOf(a)!].name}) and ${JSON.stringify(b)} ` +
      `(${STORES[storeOf(b)!].name}) come from different event stores: the checkpoint table was ` +
      `written partly while the projections ran on the other store. ${REBUILD}`,
  );
}

/** The earliest of `positions`; throws CheckpointOfOtherStore when they are of different stores. */
export function earliestPosition(positions: readonly FeedPosition[]): FeedPosition {
  // START compares with either store's positions, so a mix is looked for across all of them.
  const stored = positions.filter((position) => position !== START);
  const other = stored.find((position) => storeOf(position) !== storeOf(stored[0]!));
  if (other !== undefined) throw mixed(stored[0]!, other);
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
