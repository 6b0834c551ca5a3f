// The global feed on PostgreSQL. Sequence values are taken before commit, so transactions commit out
// of global_position order; a reader that advanced by position alone would skip a late committer.
// The feed therefore shows only rows of transactions below pg_snapshot_xmin(pg_current_snapshot())
// (all finished: committed or rolled back), in (transaction_id, global_position) order, and its
// checkpoint is that pair. Nothing waits on a timeout and nothing is skipped.
import { START, type FeedFilter, type FeedPosition } from '../event-store.port.js';
import { InvalidEventStoreRequest } from '../errors.js';
import { decimalGreater, eventRowColumns, type EventRow } from './postgres-event-rows.js';

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

/** Rows above the horizon READ_FEED_SQL looks at to tell whether the reader's events are among them. */
const HELD_BACK_SCAN = 1000;

/**
 * One statement reads a page and the highest finished row ("high"), both under the same horizon.
 * When the page is short, the reader may move its checkpoint to "high": every row up to it that
 * matches the filter is in the page, so filtered-out rows are not scanned again.
 * Columns: the eventRowColumns of the page's rows (all null when the page is empty), then high's
 * transaction id and position, then "held back": committed rows exist that the horizon still hides
 * (rows of running transactions are invisible to the statement, so any row it finds at or above the
 * horizon has committed; a transaction older than it, anywhere on the server, is still running), and
 * "held back matching": some of them are rows the reader's filter takes. The page is a lateral subquery joined to the one "high" row: no sort
 * after the join (an outer ORDER BY made PostgreSQL sort every page again, most of the statement's
 * time); the reader checks the order it relies on (see \`inFeedOrder\`).
 */
export const READ_FEED_SQL = `
WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
SELECT page.*, high.high_tx, high.high_pos, held.held_back, held.held_back_matching
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
  -- Only the first ${HELD_BACK_SCAN} rows above the horizon are looked at (a horizon held for
  -- minutes can hide millions); when there are that many, the ones the filter takes may be further
  -- on, and the page says so.
  SELECT count(*) > 0 AS held_back,
         bool_or(($4::text[] IS NULL OR h.type = ANY($4::text[]))
                 AND ($5::text[] IS NULL OR h.stream_id LIKE ANY($5::text[])))
           OR count(*) = ${HELD_BACK_SCAN} AS held_back_matching
  FROM (
    SELECT e.type, e.stream_id FROM eventstore_events e
    WHERE e.transaction_id >= (SELECT xmin FROM horizon)
    -- The ORDER BY keeps this on the primary key: without it the planner may pick a sequential scan
    -- over the whole log (measured: 400 ms per page on 580k events).
    ORDER BY e.transaction_id
    LIMIT ${HELD_BACK_SCAN}
  ) AS h
) AS held ON true
LEFT JOIN LATERAL (
  SELECT e.transaction_id::text AS high_tx, e.global_position::text AS high_pos
  FROM eventstore_events e
  WHERE e.transaction_id < (SELECT xmin FROM horizon)
  ORDER BY e.transaction_id DESC, e.global_position DESC
  LIMIT 1
) AS high ON true
LEFT JOIN LATERAL (
  -- $6: top-level data fields the reader does not need (FeedFilter.omitDataFields), removed here so
  -- they are neither sent nor parsed (TransactionScored's features are half its size); $7: the
  -- reader does not need metadata (FeedFilter.omitMetadata).
  SELECT ${eventRowColumns(
    'CASE WHEN $6::text[] IS NULL THEN e.data ELSE e.data - $6::text[] END',
    "CASE WHEN $7::boolean THEN '{}'::jsonb ELSE e.metadata END",
  )}
  FROM eventstore_events e
  WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
    AND e.transaction_id < (SELECT xmin FROM horizon)
    AND ($4::text[] IS NULL OR e.type = ANY($4::text[]))
    AND ($5::text[] IS NULL OR e.stream_id LIKE ANY($5::text[]))
  ORDER BY e.transaction_id, e.global_position
  LIMIT $3
) AS page ON true`;

/** What a reader at a checkpoint has still to read, under the same horizon as READ_FEED_SQL. */
export const COUNT_AFTER_SQL = `
SELECT count(*)::text AS n FROM eventstore_events e
WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
  AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  AND ($3::text[] IS NULL OR e.type = ANY($3::text[]))
  AND ($4::text[] IS NULL OR e.stream_id LIKE ANY($4::text[]))`;

/**
 * Rows of READ_FEED_SQL in feed order. A nested loop over the single "high" row emits the page in
 * its subquery's order, but SQL does not promise it without an outer ORDER BY; checking costs two
 * string comparisons per row, and a plan that ever broke it is sorted here rather than trusted.
 */
export function inFeedOrder(rows: EventRow[]): EventRow[] {
  const after = (a: EventRow, b: EventRow) =>
    a[1] === b[1] ? decimalGreater(a[0]!, b[0]!) : decimalGreater(a[1]!, b[1]!);
  for (let index = 1; index < rows.length; index += 1) {
    if (!after(rows[index]!, rows[index - 1]!)) {
      return [...rows].sort((a, b) => (after(a, b) ? 1 : after(b, a) ? -1 : 0));
    }
  }
  return rows;
}

/** LIKE patterns for stream prefixes, with LIKE's wildcards in the prefix escaped. */
export function prefixPatterns(filter?: FeedFilter): string[] | null {
  if (!filter?.streamPrefixes) return null;
  return filter.streamPrefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
}
