// Pools the event store creates, and the 'error' listener every pool needs: pg emits 'error' on the
// pool when an *idle* connection dies (pg_terminate_backend, a server restart, a network cut), and
// an EventEmitter 'error' without a listener crashes the process. The pool has already dropped the
// connection and opens a new one on the next query, so the right answer is to log it and go on.
import pg from 'pg';
import { consoleLogger, type EventStoreLogger } from '../event-store-logger.js';

const watched = new WeakSet<pg.Pool>();

/** Logs idle-connection failures of `pool` through `logger`; once per pool, however often called. */
export function logPoolErrors(pool: pg.Pool, logger: EventStoreLogger = consoleLogger): void {
  if (watched.has(pool)) return;
  watched.add(pool);
  pool.on('error', (error: Error & { code?: string }) => {
    logger.warn(
      `PostgreSQL event store: an idle pooled connection failed (${error.code ?? 'no code'}: ${error.message}); ` +
        'the pool dropped it and connects again on the next query (retriable, nothing lost). ' +
        'If this repeats, check that the server is up and nothing terminates its sessions.',
    );
  });
}

export interface EventStorePoolOptions {
  readonly max?: number;
  readonly logger?: EventStoreLogger;
}

/** A pool for the event store, with its error listener attached. */
export function createEventStorePool(connectionString: string, options: EventStorePoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: 'eventstore' });
  logPoolErrors(pool, options.logger);
  return pool;
}
