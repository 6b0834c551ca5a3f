// The global feed on PostgreSQL. Sequence values are taken before commit, so transactions commit out
// of global_position order; a reader that advanced by position alone would skip a late committer.
// The feed therefore shows only rows of transactions below pg_snapshot_xmin(pg_current_snapshot())
// (all finished: committed or rolled back), in (transaction_id, global_position) order, and its
// checkpoint is that pair. Nothing waits on a timeout and nothing is skipped.
import { START, type FeedFilter, type FeedPosition } from '../event-store.port.js';
import { InvalidEventStoreRequest } from '../errors.js';

export interface FeedKey {
  readonly transactionId: bigint;
  readonly position: bigint;
}

export const START_KEY: FeedKey = { transactionId: 0n, position: 0n };

export function encodeCheckpoint(key: FeedKey): string {
  return `pg:${key.transactionId}:${key.position}`;
}

export function decodeCheckpoint(checkpoint: FeedPosition): FeedKey {
  if (checkpoint === START) return START_KEY;
  const match = /^pg:(\d{1,20}):(\d{1,20})$/.exec(checkpoint);
  if (!match) {
    throw new InvalidEventStoreRequest(
      `Checkpoint ${JSON.stringify(checkpoint)} was not issued by the PostgreSQL event store: resume from a checkpoint it returned, or from 'start'.`,
    );
  }
  return { transactionId: BigInt(match[1]!), position: BigInt(match[2]!) };
}

export function isAfter(a: FeedKey, b: FeedKey): boolean {
  return (
    a.transactionId > b.transactionId || (a.transactionId === b.transactionId && a.position > b.position)
  );
}

export const EVENT_COLUMNS = `e.global_position::text AS global_position, e.transaction_id::text AS transaction_id,
  e.stream_id, e.stream_version, e.event_id::text AS event_id, e.type, e.schema_version, e.data, e.metadata,
  e.recorded_at`;

/**
 * One statement reads a page and the highest finished row ("high"), both under the same horizon.
 * When the page is short, the reader may move its checkpoint to "high": every row up to it that
 * matches the filter is in the page, so filtered-out rows are not scanned again.
 */
export const READ_FEED_SQL = `
WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
page AS (
  SELECT ${EVENT_COLUMNS}, e.transaction_id AS tx_order, e.global_position AS pos_order
  FROM eventstore_events e
  WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
    AND e.transaction_id < (SELECT xmin FROM horizon)
    AND ($4::text[] IS NULL OR e.type = ANY($4::text[]))
    AND ($5::text[] IS NULL OR e.stream_id LIKE ANY($5::text[]))
  ORDER BY e.transaction_id, e.global_position
  LIMIT $3
),
high AS (
  SELECT e.transaction_id::text AS high_tx, e.global_position::text AS high_pos
  FROM eventstore_events e
  WHERE e.transaction_id < (SELECT xmin FROM horizon)
  ORDER BY e.transaction_id DESC, e.global_position DESC
  LIMIT 1
)
SELECT high.high_tx, high.high_pos, page.*
FROM (SELECT 1) AS one
LEFT JOIN high ON true
LEFT JOIN page ON true
ORDER BY page.tx_order, page.pos_order`;

/** LIKE patterns for stream prefixes, with LIKE's wildcards in the prefix escaped. */
export function prefixPatterns(filter?: FeedFilter): string[] | null {
  if (!filter?.streamPrefixes) return null;
  return filter.streamPrefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
}
