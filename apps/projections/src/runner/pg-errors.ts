// Which PostgreSQL failures are worth retrying (a lost connection, a deadlock, a server restarting)
// and the error that says so.
const RETRIABLE_CLASSES = ['08', '53', '57', '58'];
const RETRIABLE_STATES = new Set(['40001', '40P01', '55P03']);
const RETRIABLE_NODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isRetriablePgError(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true)
    return true;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (RETRIABLE_STATES.has(code) || RETRIABLE_NODE.has(code)) return true;
    if (code.length === 5 && RETRIABLE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connection error/i.test(message);
}

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
