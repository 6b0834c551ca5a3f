// The one shape of every command handler: load the stream, fold, decide, append with the expected
// version (the one the client saw when it passed `expectedVersion`, else the one just read). A
// concurrent change makes the append throw WrongExpectedVersion, which the API reports as CONFLICT.
import { randomUUID } from 'node:crypto';
import type { Person } from '#domain';
import type { EventMetadata, EventStore, EventToAppend, RecordedEvent } from '#eventstore';
import { ApiError } from '../graphql/api-error.js';

export interface CommandContext {
  readonly actor: Person;
  readonly correlationId: string;
  /** What the client believed the stream's version to be; a mismatch is a CONFLICT. */
  readonly expectedVersion?: number | null;
}

export type StoredEnvelope = Pick<RecordedEvent, 'type' | 'data' | 'metadata'>;

export interface CommandOutcome {
  /** The whole stream after the command: what was read plus what was appended. */
  readonly events: readonly StoredEnvelope[];
  readonly version: number;
}

export async function executeCommand(
  store: EventStore,
  streamId: string,
  decide: (history: readonly RecordedEvent[], now: string) => readonly { type: string; data: object }[],
  context: CommandContext,
): Promise<CommandOutcome> {
  const history = await store.readStream(streamId);
  const version = history.length;
  const expected = context.expectedVersion ?? version;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new ApiError('BAD_USER_INPUT', `expectedVersion must be a whole number >= 0, got ${expected}`);
  }
  const now = new Date().toISOString();
  const metadata: EventMetadata = {
    actor: { id: context.actor.id, role: context.actor.role },
    occurredAt: now,
    correlationId: context.correlationId,
  };
  const decided: EventToAppend[] = decide(history, now).map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    data: event.data as Readonly<Record<string, unknown>>,
    metadata,
    schemaVersion: 1,
  }));
  const result = await store.append(streamId, decided, expected);
  const nextVersion = result.outcome === 'conflict' ? version : result.nextExpectedVersion;
  return { events: [...history, ...decided], version: nextVersion };
}
