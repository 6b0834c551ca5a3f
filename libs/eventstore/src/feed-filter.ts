// Which events a filtered feed reader wants; adapters that cannot filter at the source use this.
import type { FeedFilter, RecordedEvent } from './event-store.port.js';

/**
 * The event with `filter.omitDataFields` left out of its data and, with `filter.omitMetadata`, `{}`
 * as its metadata (a new object; the event is not changed).
 */
export function withoutOmittedFields<
  Event extends { readonly data: Record<string, unknown>; readonly metadata: object },
>(event: Event, filter?: FeedFilter): Event {
  const omitted = filter?.omitDataFields;
  const dropData =
    omitted !== undefined && omitted.length > 0 && omitted.some((field) => field in event.data);
  if (!dropData && filter?.omitMetadata !== true) return event;
  let data = event.data;
  if (dropData) {
    data = { ...event.data };
    for (const field of omitted) delete data[field];
  }
  return { ...event, data, ...(filter?.omitMetadata === true ? { metadata: {} } : {}) };
}

export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter?: FeedFilter): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) {
    return false;
  }
  return true;
}
