// Rules every adapter applies the same way: what a valid append request is, how an expected
// version and already-stored event ids decide between appended, already-present and conflict, and
// which streams a readStreams call may ask for.
import type { AppendRequest, ExpectedVersion, RecordedEvent } from './event-store.port.js';
import { InvalidEventStoreRequest } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateAppend(requests: readonly AppendRequest[]): void {
  const seen = new Set<string>();
  for (const { streamId, events, expected } of requests) {
    if (typeof streamId !== 'string' || streamId.length === 0 || streamId.startsWith('$')) {
      throw new InvalidEventStoreRequest(
        `Stream id ${JSON.stringify(streamId)} is not allowed: use a non-empty id such as "transaction-<id>" (ids starting with '$' are reserved).`,
      );
    }
    if (seen.has(streamId)) {
      throw new InvalidEventStoreRequest(
        `Stream ${streamId} appears twice in one appendMany call: merge its events into one request.`,
      );
    }
    seen.add(streamId);
    if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
      throw new InvalidEventStoreRequest(
        `Expected version ${expected} for ${streamId} is not a version: pass a whole number >= 0 (1-based; 0 = empty), NO_STREAM, STREAM_EXISTS or ANY.`,
      );
    }
    const ids = new Set<string>();
    for (const event of events) {
      if (!UUID.test(event.eventId)) {
        throw new InvalidEventStoreRequest(
          `Event id ${JSON.stringify(event.eventId)} on ${streamId} is not a uuid: give every event a uuid (randomUUID(), or a name-based uuid for idempotency).`,
        );
      }
      if (ids.has(event.eventId.toLowerCase())) {
        throw new InvalidEventStoreRequest(
          `Event id ${event.eventId} appears twice in one append to ${streamId}: each event needs its own id.`,
        );
      }
      ids.add(event.eventId.toLowerCase());
      if (!event.type || !Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
        throw new InvalidEventStoreRequest(
          `Event ${event.eventId} on ${streamId} needs a type and a schemaVersion >= 1.`,
        );
      }
    }
  }
}

export function expectationHolds(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'no_stream':
      return current === 0;
    case 'stream_exists':
      return current > 0;
    case 'any':
      return true;
    default:
      return current === expected;
  }
}

/**
 * Idempotency as EventStoreDB has it: a retry is already present when every one of its event ids
 * sits in the stream contiguously, in order, where the expectation put them.
 * `found` maps the request's event ids to the stream versions they hold (absent ids are missing).
 */
export function decideAppend(
  expected: ExpectedVersion,
  current: number,
  eventIds: readonly string[],
  found: ReadonlyMap<string, number>,
): 'appended' | 'already-present' | 'conflict' {
  const present = eventIds.filter((id) => found.has(id)).length;
  if (present === 0) return expectationHolds(expected, current) ? 'appended' : 'conflict';
  if (present < eventIds.length) return 'conflict';
  const first = found.get(eventIds[0]!)!;
  const contiguous = eventIds.every((id, index) => found.get(id) === first + index);
  if (!contiguous) return 'conflict';
  switch (expected) {
    case 'no_stream':
      return first === 1 ? 'already-present' : 'conflict';
    case 'stream_exists':
    case 'any':
      return 'already-present';
    default:
      return first === expected + 1 ? 'already-present' : 'conflict';
  }
}

/** The answer of `readStreams` before reading: each asked stream, in order, with no event yet. */
export function distinctStreams(streamIds: readonly string[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const streamId of streamIds) {
    if (streams.has(streamId)) {
      throw new InvalidEventStoreRequest(
        `Stream ${streamId} appears twice in one readStreams call: ask for each stream once.`,
      );
    }
    streams.set(streamId, []);
  }
  return streams;
}
