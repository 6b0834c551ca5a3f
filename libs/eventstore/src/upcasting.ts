// Old event shapes are upcast on every read path (streams, the feed, subscriptions), so code only
// ever sees the latest schema of an event type.
import type { RecordedEvent } from './event-store.port.js';

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** `{ [eventType]: { [fromSchemaVersion]: upcaster to fromSchemaVersion + 1 } }`. */
export type UpcasterRegistry = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

export function upcast<E extends RecordedEvent>(event: E, registry: UpcasterRegistry | undefined): E {
  const steps = registry?.[event.type];
  if (!steps) return event;
  let data = event.data as Record<string, unknown>;
  let version = event.schemaVersion;
  for (let step = steps[version]; step; step = steps[version]) {
    data = step(data);
    version += 1;
  }
  return version === event.schemaVersion ? event : { ...event, data, schemaVersion: version };
}
