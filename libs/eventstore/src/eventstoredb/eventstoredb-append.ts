// Appends on EventStoreDB / KurrentDB with the port's outcomes. EventStoreDB accepts a retry of
// event ids it already holds silently (success, nothing written), where the port promises
// `already-present`; scoring counts redeliveries by it. So:
// - before appending, the positions the events would take are read: for NO_STREAM / an exact
//   version where the expectation puts them, for ANY / STREAM_EXISTS the stream's last events (the
//   usual retry: the same call again). Ids found there, in order: already-present, nothing sent.
// - a success without a log position is EventStoreDB's own idempotent answer (the server reports
//   no position when it wrote nothing); for ANY / STREAM_EXISTS the events at the returned revisions
//   are also read back, and other ids there mean the server matched ours earlier in the stream.
// - on WrongExpectedVersion the expected positions are read again: a concurrent twin of this retry
//   may have written the same ids there, which is already-present, not a conflict.
import {
  ANY as ESDB_ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM as ESDB_NO_STREAM,
  STREAM_EXISTS as ESDB_STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AppendExpectedRevision,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { AppendRequest, AppendResult, EventToAppend, ExpectedVersion } from '../event-store.port.js';

/** Event ids of `count` events of a stream: from a 1-based version forwards, or the last ones. */
async function idsAt(
  client: EventStoreDBClient,
  streamId: string,
  where: { fromVersion: number } | 'end',
  count: number,
): Promise<{ ids: string[]; lastVersion: number }> {
  const ids: string[] = [];
  let lastVersion = 0;
  try {
    for await (const resolved of client.readStream(streamId, {
      fromRevision: where === 'end' ? END : BigInt(where.fromVersion - 1),
      direction: where === 'end' ? BACKWARDS : FORWARDS,
      maxCount: count,
    })) {
      if (!resolved.event) continue;
      ids.push(resolved.event.id.toLowerCase());
      lastVersion = Math.max(lastVersion, Number(resolved.event.revision) + 1);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return { ids: [], lastVersion: 0 };
    throw error;
  }
  if (where === 'end') ids.reverse();
  return { ids, lastVersion };
}

const sameIds = (stored: readonly string[], events: readonly EventToAppend[]) =>
  stored.length === events.length && stored.every((id, index) => id === events[index]!.eventId.toLowerCase());

/** Where a retry of these events would sit: versions after the expectation, or the stream's end. */
function retryPlace(expected: ExpectedVersion): { fromVersion: number } | 'end' {
  if (expected === 'no_stream') return { fromVersion: 1 };
  if (typeof expected === 'number') return { fromVersion: expected + 1 };
  return 'end';
}

async function alreadyStored(
  client: EventStoreDBClient,
  { streamId, events, expected }: AppendRequest,
): Promise<AppendResult | undefined> {
  if (events.length === 0) return undefined;
  const { ids, lastVersion } = await idsAt(client, streamId, retryPlace(expected), events.length);
  return sameIds(ids, events)
    ? { outcome: 'already-present', streamId, nextExpectedVersion: lastVersion }
    : undefined;
}

/** Errors from the client are thrown as they are; the adapter maps them. */
export async function appendToEventStoreDb(
  client: EventStoreDBClient,
  request: AppendRequest,
): Promise<AppendResult> {
  const { streamId, events, expected } = request;
  const before = await alreadyStored(client, request);
  if (before) return before;
  try {
    const result = await client.appendToStream(
      streamId,
      events.map((e) =>
        jsonEvent({
          id: e.eventId,
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata, $schemaVersion: e.schemaVersion },
        }),
      ),
      { expectedRevision: toRevision(expected) },
    );
    const nextExpectedVersion = Number(result.nextExpectedRevision) + 1;
    if (events.length > 0 && result.position === undefined) {
      return { outcome: 'already-present', streamId, nextExpectedVersion };
    }
    if (events.length > 0 && (expected === 'any' || expected === 'stream_exists')) {
      const fromVersion = nextExpectedVersion - events.length + 1;
      const { ids } = await idsAt(client, streamId, { fromVersion }, events.length);
      if (!sameIds(ids, events)) return { outcome: 'already-present', streamId, nextExpectedVersion };
    }
    return { outcome: 'appended', streamId, nextExpectedVersion };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const twin = await alreadyStored(client, request);
    if (twin) return twin;
    const actual = error.actualVersion;
    const actualVersion = typeof actual === 'bigint' ? Number(actual) + 1 : 0;
    return { outcome: 'conflict', streamId, expected, actualVersion };
  }
}

function toRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return ESDB_NO_STREAM;
    case 'stream_exists':
      return ESDB_STREAM_EXISTS;
    case 'any':
      return ESDB_ANY;
    default:
      return expected === 0 ? ESDB_NO_STREAM : BigInt(expected - 1);
  }
}
