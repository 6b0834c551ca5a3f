// Which events a filtered feed reader wants; adapters that cannot filter at the source use this.
import type { FeedFilter, RecordedEvent } from './event-store.port.js';

/** The event with `filter.omitDataFields` left out of its data (a new object; the event is not changed). */
export function withoutOmittedFields<Event extends { readonly data: Record<string, unknown> }>(
  event: Event,
  filter?: FeedFilter,
): Event {
  const omitted = filter?.omitDataFields;
  if (!omitted || omitted.length === 0 || !omitted.some((field) => field in event.data)) return event;
  const data = { ...event.data };
  for (const field of omitted) delete data[field];
  return { ...event, data };
}

export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter?: FeedFilter): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) {
    return false;
  }
  return true;
}
