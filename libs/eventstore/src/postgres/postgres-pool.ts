// Pools the event store creates, and the 'error' listener every pool needs: pg emits 'error' on the
// pool when an *idle* connection dies (pg_terminate_backend, a server restart, a network cut), and
// an EventEmitter 'error' without a listener crashes the process. The pool has already dropped the
// connection and opens a new one on the next query, so the right answer is to log it and go on.
import pg from 'pg';
import { consoleLogger, type EventStoreLogger } from '../event-store-logger.js';

const watched = new WeakSet<pg.Pool>();
const guardedPools = new WeakSet<pg.Pool>();
const guardedClients = new WeakSet<pg.PoolClient>();

/**
 * The other half: while a connection is lent out (`pool.connect()`, a transaction, a migration
 * holding an advisory lock), pg-pool takes its own listener off it, so a server that closes it
 * *between two statements* (a restart sends 57P01 to every session) raises 'error' on the client
 * with nobody listening and the process dies with exit code 1 (seen in CI: scoring booting while
 * PostgreSQL restarted). A permanent listener on every client it lends makes that error harmless:
 * the client's next query fails with "...connection error and is not queryable", which every
 * caller already classifies as retriable, and pg-pool discards the dead client on release.
 */
export function guardCheckedOutClients(pool: pg.Pool): void {
  if (guardedPools.has(pool)) return;
  guardedPools.add(pool);
  pool.on('acquire', (client: pg.PoolClient) => {
    if (guardedClients.has(client)) return;
    guardedClients.add(client);
    client.on('error', () => {
      // Reported where it matters: as the retriable failure of this client's next query.
    });
  });
}

/**
 * Logs idle-connection failures of `pool` through `logger` and guards lent-out connections
 * (guardCheckedOutClients); once per pool, however often called.
 */
export function logPoolErrors(pool: pg.Pool, logger: EventStoreLogger = consoleLogger): void {
  guardCheckedOutClients(pool);
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
