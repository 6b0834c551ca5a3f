// The JSON argument of eventstore_append, and where a large appendMany is cut into parts. Each
// request is serialised once; parts are consecutive runs of requests whose JSON stays within the
// byte budget (a single request above it is a part of its own: one stream is never split).
import type { AppendRequest } from '../event-store.port.js';

export const DEFAULT_MAX_STATEMENT_BYTES = 256 * 1024;
/** Parts one after the other: the feed then shows a call's streams in request order (see the option). */
export const DEFAULT_APPEND_CONCURRENCY = 1;

export interface BatchPart {
  readonly requests: readonly AppendRequest[];
  /** The jsonb array eventstore_append takes: [{ s, x, e: [{ i, t, d, m, v }] }]. */
  readonly json: string;
}

function requestJson({ streamId, events, expected }: AppendRequest): string {
  return JSON.stringify({
    s: streamId,
    x: expected,
    e: events.map((event) => ({
      i: event.eventId,
      t: event.type,
      d: event.data,
      m: event.metadata,
      v: event.schemaVersion,
    })),
  });
}

export function splitBatch(requests: readonly AppendRequest[], maxBytes: number): BatchPart[] {
  if (!(maxBytes > 0))
    throw new RangeError(`maxStatementBytes must be a positive number of bytes, got ${maxBytes}`);
  const parts: BatchPart[] = [];
  let members: AppendRequest[] = [];
  let pieces: string[] = [];
  let size = 2;
  const close = () => {
    if (members.length === 0) return;
    parts.push({ requests: members, json: `[${pieces.join(',')}]` });
    members = [];
    pieces = [];
    size = 2;
  };
  for (const request of requests) {
    const piece = requestJson(request);
    // String length counts UTF-16 units, not bytes: close enough for a memory budget.
    if (members.length > 0 && size + 1 + piece.length > maxBytes) close();
    members.push(request);
    pieces.push(piece);
    size += piece.length + 1;
  }
  close();
  return parts;
}
