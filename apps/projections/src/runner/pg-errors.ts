// The error a projection raises when its database is unavailable. Which PostgreSQL failures are
// worth retrying is decided in one place, the event store's classification.
export { isRetriablePgError } from '#eventstore';

export class ProjectionStoreUnavailable extends Error {
  override readonly name = 'ProjectionStoreUnavailable';
  readonly retriable = true;
  constructor(projection: string, cause: unknown) {
    super(
      `Read-model database unavailable for projection ${projection}: ${cause instanceof Error ? cause.message : String(cause)} (retriable: it retries by itself)`,
      { cause },
    );
  }
}
