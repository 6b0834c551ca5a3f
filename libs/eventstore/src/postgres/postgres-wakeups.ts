// LISTEN eventstore_appended on one dedicated connection and wake every waiting subscriber of this
// store. If the connection drops, waiters fall back to polling and the next wait reconnects.
//
// Appends NOTIFY after their commit, not inside it: a committing transaction that has NOTIFY'd holds
// a cluster-wide lock until its commit record is flushed, which serialises every appender behind
// one WAL flush at a time (measured: 16 writers slower than 1). `announce` coalesces: at most one
// NOTIFY is in flight per store, and one more follows it when appends committed meanwhile, so every
// commit is followed by a NOTIFY; consecutive NOTIFYs are `minIntervalMs` apart (default 10 ms), so a
// store appending hundreds of small batches a second (scoring at 1,000 tx/s) does not send as many
// NOTIFY round trips as appends: subscribers elsewhere hear of a commit at most that much later.
// Subscribers in this process are woken at once.
import type pg from 'pg';
import type { EventStoreLogger } from '../event-store-logger.js';
import { sleep } from '../subscription/run-subscription.js';

export const APPEND_CHANNEL = 'eventstore_appended';

export class PostgresWakeups {
  private listener: Promise<pg.PoolClient> | undefined;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: EventStoreLogger,
    private readonly minIntervalMs = 10,
  ) {}

  /** Notifications heard so far. */
  generation = 0;

  /**
   * Listens before the subscription's first read. A failure here is not fatal: subscribers poll
   * until a later wait manages to listen.
   */
  async ready(): Promise<void> {
    await this.listen().catch(() => undefined);
  }

  async wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.generation !== seen) return;
    const local = new AbortController();
    const wake = () => local.abort();
    this.waiters.add(wake);
    signal.addEventListener('abort', wake, { once: true });
    try {
      // Without a listener the wait is a plain poll; the subscription still makes progress.
      await this.listen().catch(() => undefined);
      if (this.generation !== seen) return;
      await sleep(timeoutMs, local.signal);
    } finally {
      this.waiters.delete(wake);
      signal.removeEventListener('abort', wake);
    }
  }

  /** Failed NOTIFYs (subscribers elsewhere then find the events at their next poll). */
  notifyFailures = 0;
  private notifying = false;
  private pending = false;
  private sending: Promise<void> = Promise.resolve();
  private lastNotifyAt = Number.NEGATIVE_INFINITY;

  /** Called after an append committed. */
  announce(): void {
    this.wakeLocal();
    if (this.notifying) {
      this.pending = true;
      return;
    }
    this.notifying = true;
    this.sending = this.sendNotifications();
  }

  private async sendNotifications(): Promise<void> {
    do {
      const wait = this.lastNotifyAt + this.minIntervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      this.pending = false;
      this.lastNotifyAt = performance.now();
      try {
        // Nothing durable to wait for: a lost notification only costs a poll interval.
        await this.pool.query(
          `BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY ${APPEND_CHANNEL}; COMMIT;`,
        );
      } catch (error) {
        this.notifyFailures += 1;
        this.logger.warn(
          `PostgreSQL event store: NOTIFY ${APPEND_CHANNEL} after an append failed (${String(error)}); ` +
            'the append itself is committed, subscribers in other processes find it at their next poll.',
        );
      }
    } while (this.pending && !this.closed);
    this.notifying = false;
  }

  private wakeLocal(): void {
    this.generation += 1;
    for (const waiter of [...this.waiters]) waiter();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sending;
    const listener = this.listener;
    this.listener = undefined;
    // A listener that never connected has nothing to close; its error already reached the waiters.
    const client = await listener?.catch(() => undefined);
    if (!client) return;
    // Our listeners go before the client returns to the pool (the pool adds its own when idle).
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    try {
      // Back to the pool clean, so pool.end() closes it like any other connection.
      await client.query('UNLISTEN *');
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
    }
  }

  private listen(): Promise<pg.PoolClient> {
    if (this.closed) return Promise.reject(new Error('closed'));
    this.listener ??= (async () => {
      const client = await this.pool.connect();
      const drop = () => {
        this.listener = undefined;
        client.release(true);
      };
      client.on('notification', () => this.wakeLocal());
      client.once('error', (error: Error) => {
        this.logger.warn(
          `PostgreSQL event store: the LISTEN ${APPEND_CHANNEL} connection failed (${error.message}); ` +
            'subscribers poll until the next wait listens again (retriable, nothing lost).',
        );
        drop();
      });
      try {
        await client.query(`LISTEN ${APPEND_CHANNEL}`);
      } catch (error) {
        drop();
        throw error;
      }
      return client;
    })();
    return this.listener;
  }
}
