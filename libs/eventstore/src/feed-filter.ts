// Which events a filtered feed reader wants; adapters that cannot filter at the source use this.
import type { FeedFilter, RecordedEvent } from './event-store.port.js';

export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter?: FeedFilter): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) {
    return false;
  }
  return true;
}
