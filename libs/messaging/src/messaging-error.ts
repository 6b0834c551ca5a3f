// Infrastructure errors of the bus say whether trying again may help (broker away, leader moving)
// or not (message too large, authorisation): the flag decides retry versus dead-letter or 5xx.
export class MessagingError extends Error {
  override readonly name = 'MessagingError';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static from(error: unknown, doing: string): MessagingError {
    if (error instanceof MessagingError) return error;
    const retriable = isRetriable(error);
    const reason = error instanceof Error ? error.message : String(error);
    return new MessagingError(
      `${doing} failed (${retriable ? 'retriable' : 'not retriable'}): ${reason}`,
      retriable,
      { cause: error },
    );
  }
}

// kafkajs marks an error non-retriable once its own retries are used up, even when the cause (a
// broker that cannot be reached, a timeout) will likely pass: what the caller needs is the cause.
const TRANSIENT =
  /Connection|Timeout|NumberOfRetriesExceeded|NotLeader|LeaderNotAvailable|ECONNREFUSED|ECONNRESET|ETIMEDOUT/;

function isRetriable(error: unknown): boolean {
  for (const current of errorChain(error)) {
    const { name, message, code, retriable } = current as {
      name?: unknown;
      message?: unknown;
      code?: unknown;
      retriable?: unknown;
    };
    if (retriable === true) return true;
    if ([name, message, code].some((value) => typeof value === 'string' && TRANSIENT.test(value)))
      return true;
  }
  return typeof error !== 'object' || error === null || !('retriable' in error);
}

/** An error and what it wraps (kafkajs's `originalError`, else `cause`), at most five deep. */
export function* errorChain(error: unknown): Generator<object> {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return;
    yield current;
    current =
      (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
}
