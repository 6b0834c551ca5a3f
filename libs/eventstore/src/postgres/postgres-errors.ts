// Maps pg errors to the event store's: a lost connection, a deadlock or a server in recovery can
// succeed when tried again; a bad statement or constraint cannot.
import { EventStoreUnavailable } from '../errors.js';

const RETRIABLE_SQLSTATE_CLASSES = ['08', '53', '57', '58'];
const RETRIABLE_SQLSTATES = new Set(['40001', '40P01', '55P03']);
const RETRIABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Also true for any error already tagged `retriable: true` (ours, kafkajs'). */
export function isRetriablePgError(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true)
    return true;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (RETRIABLE_SQLSTATES.has(code) || RETRIABLE_NODE_CODES.has(code)) return true;
    if (code.length === 5 && RETRIABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connection error/i.test(message);
}

export function toStoreError(error: unknown, doing: string): Error {
  if (error instanceof EventStoreUnavailable) return error;
  const retriable = isRetriablePgError(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailable(
    `PostgreSQL event store failed while ${doing}: ${reason} (${retriable ? 'retriable: try again' : 'not retriable'})`,
    retriable,
    { cause: error },
  );
}
