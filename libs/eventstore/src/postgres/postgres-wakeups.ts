// LISTEN eventstore_appended on one dedicated connection and wake every waiting subscriber of this
// store. If the connection drops, waiters fall back to polling and the next wait reconnects.
import type pg from 'pg';
import { sleep } from '../subscription/run-subscription.js';

export const APPEND_CHANNEL = 'eventstore_appended';

export class PostgresWakeups {
  private listener: Promise<pg.PoolClient> | undefined;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

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

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    // A listener that never connected has nothing to close; its error already reached the waiters.
    const client = await listener?.catch(() => undefined);
    if (!client) return;
    client.removeAllListeners('notification');
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
      client.on('notification', () => {
        this.generation += 1;
        for (const waiter of [...this.waiters]) waiter();
      });
      client.once('error', drop);
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
