// How event rows travel from PostgreSQL to RecordedEvent, on the catch-up hot path. Profiled
// (node --cpu-prof over 300k events, docs/BENCHMARKS.md "Event store"): pg's per-column parsers
// (a Date per row for timestamptz, BigInt-free but keyed row objects) cost about as much as the
// server's work. So rows come back as arrays of raw text, every value already in its final form
// (the timestamp formatted as ISO by the server, ids as text), and only data and metadata are
// JSON-parsed, once each.
import type pg from 'pg';
import type { RecordedEvent } from '../event-store.port.js';
import { upcast, type UpcasterRegistry } from '../upcasting.js';

/**
 * Select list of an event row, in the order `decodeEventRow` reads it. `to_char` makes recorded_at
 * the same text `Date.toISOString()` gives (milliseconds, truncated), whatever the session's DateStyle
 * and TimeZone.
 */
export const eventRowColumns = (
  data = 'e.data',
  metadata = 'e.metadata',
) => `e.global_position::text, e.transaction_id::text, e.stream_id,
  e.stream_version::text, e.event_id::text, e.type, e.schema_version::text, (${data})::text, (${metadata})::text,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const EVENT_ROW_COLUMNS = eventRowColumns();

/** Number of columns EVENT_ROW_COLUMNS selects; further columns of a row are the query's own. */
export const EVENT_ROW_WIDTH = 10;

export type EventRow = (string | null)[];

const text = (value: string): string => value;

/** Every column as the text PostgreSQL sent: the decoder below does the only parsing. */
export const RAW_TEXT_TYPES = { getTypeParser: () => text } as unknown as pg.CustomTypesConfig;

/** Query config for rows decoded by `decodeEventRow`. */
export function eventRowQuery(name: string, sqlText: string, values: unknown[]): pg.QueryArrayConfig {
  return { name, text: sqlText, values, rowMode: 'array', types: RAW_TEXT_TYPES };
}

export function decodeEventRow(row: EventRow, upcasters: UpcasterRegistry | undefined): RecordedEvent {
  const position = row[0]!;
  const event: RecordedEvent = {
    eventId: row[4]!,
    type: row[5]!,
    data: JSON.parse(row[7]!) as Record<string, unknown>,
    // '{}' is what a feed read with omitMetadata sends for every row: not worth a parse.
    metadata: (row[8] === '{}' ? {} : JSON.parse(row[8]!)) as RecordedEvent['metadata'],
    schemaVersion: Number(row[6]),
    streamId: row[2]!,
    streamVersion: Number(row[3]),
    globalPosition: position,
    recordedAt: row[9]!,
    // Same text as encodeCheckpoint, without a BigInt round trip per event.
    checkpoint: `pg:${row[1]}:${position}`,
  };
  return upcasters ? upcast(event, upcasters) : event;
}

/**
 * True when decimal text `a` is a greater number than `b` (no leading zeros, as PostgreSQL prints
 * them): compares length first, so no BigInt per row.
 */
export function decimalGreater(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}
