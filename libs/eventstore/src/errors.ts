// The event store's errors. A conflict is the caller's to resolve (reload and decide again);
// infrastructure errors carry `retriable` so a caller can tell a blip from a fault.
import type { ExpectedVersion } from './event-store.port.js';

export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  readonly retriable = false;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      `Stream ${streamId} is at version ${actualVersion}, but the append expected ${describeExpected(expected)}: ` +
        'reload the stream, decide again and append with the version you read.',
    );
  }
}

export function describeExpected(expected: ExpectedVersion): string {
  switch (expected) {
    case 'no_stream':
      return 'no stream';
    case 'stream_exists':
      return 'an existing stream';
    case 'any':
      return 'any version';
    default:
      return `version ${expected}`;
  }
}

/** The store could not be reached or failed; `retriable` says whether trying again can help. */
export class EventStoreUnavailable extends Error {
  override readonly name = 'EventStoreUnavailable';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A caller passed something the store cannot accept; the message names the fix. */
export class InvalidEventStoreRequest extends Error {
  override readonly name = 'InvalidEventStoreRequest';
  readonly retriable = false;
}

/** A subscription stopped because its handler failed (onError 'stop') or the store kept failing. */
export class SubscriptionFailed extends Error {
  override readonly name = 'SubscriptionFailed';
  readonly retriable = false;
  constructor(
    readonly subscriptionId: string,
    /** Checkpoint the subscription will resume from: the failed batch is delivered again. */
    readonly checkpoint: string,
    readonly failedEventIds: readonly string[],
    cause: unknown,
  ) {
    super(
      `Subscription ${subscriptionId} stopped: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Its checkpoint stays before event(s) ${failedEventIds.join(', ') || '(none)'}; fix the handler or ` +
        "subscribe with onError: 'dead-letter', then start it again.",
      { cause },
    );
  }
}
