// Subscription checkpoints in PostgreSQL. `withTransaction` hands the handler the pg client of a
// transaction that also saves the checkpoint: a projection writes its rows through that client and
// rows and checkpoint commit (or roll back) together.
import type pg from 'pg';
import type { RecordedEvent } from '../event-store.port.js';
import { InvalidEventStoreRequest } from '../errors.js';
import type { CheckpointStore } from '../subscription/subscription.types.js';
import { toStoreError } from './postgres-errors.js';

export interface PostgresCheckpointStoreOptions {
  /**
   * Table with (subscription_id text PRIMARY KEY, checkpoint text NOT NULL, updated_at timestamptz);
   * default eventstore_checkpoints (created by `migrate`). Use your own to keep checkpoints beside
   * your read tables in another database.
   */
  readonly table?: string;
  /** Table for dead letters, shaped like eventstore_dead_letters (the default). */
  readonly deadLetterTable?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

export class PostgresCheckpointStore implements CheckpointStore<pg.PoolClient> {
  private readonly table: string;
  private readonly deadLetterTable: string;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresCheckpointStoreOptions = {},
  ) {
    this.table = identifier(options.table ?? 'eventstore_checkpoints');
    this.deadLetterTable = identifier(options.deadLetterTable ?? 'eventstore_dead_letters');
  }

  async load(subscriptionId: string): Promise<string | undefined> {
    try {
      const { rows } = await this.pool.query<{ checkpoint: string }>(
        `SELECT checkpoint FROM ${this.table} WHERE subscription_id = $1`,
        [subscriptionId],
      );
      return rows[0]?.checkpoint;
    } catch (error) {
      throw toStoreError(error, `loading the checkpoint of ${subscriptionId}`);
    }
  }

  /** BEGIN; work(client); COMMIT, or ROLLBACK and rethrow when work fails. */
  async withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw toStoreError(error, 'opening a checkpoint transaction');
    });
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // The connection is gone: the transaction died with it; do not reuse the client.
        broken = true;
        throw toStoreError(rollbackError, 'rolling back a checkpoint transaction after: ' + String(error));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async save(subscriptionId: string, checkpoint: string, client: pg.ClientBase): Promise<void> {
    await client.query(
      `INSERT INTO ${this.table} (subscription_id, checkpoint, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (subscription_id) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = now()`,
      [subscriptionId, checkpoint],
    );
  }

  async deadLetter(
    subscriptionId: string,
    event: RecordedEvent,
    error: unknown,
    client: pg.ClientBase,
  ): Promise<void> {
    await client.query(
      `INSERT INTO ${this.deadLetterTable}
         (subscription_id, event_id, stream_id, stream_version, event_type, checkpoint, error, event)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        subscriptionId,
        event.eventId,
        event.streamId,
        event.streamVersion,
        event.type,
        event.checkpoint,
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        JSON.stringify(event),
      ],
    );
  }

  async deadLetters(
    subscriptionId: string,
  ): Promise<{ eventId: string; error: string; checkpoint: string }[]> {
    const { rows } = await this.pool.query<{ event_id: string; error: string; checkpoint: string }>(
      `SELECT event_id::text, error, checkpoint FROM ${this.deadLetterTable} WHERE subscription_id = $1 ORDER BY id`,
      [subscriptionId],
    );
    return rows.map((row) => ({ eventId: row.event_id, error: row.error, checkpoint: row.checkpoint }));
  }
}

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new InvalidEventStoreRequest(
      `Table name ${JSON.stringify(name)} is not a plain lower-case SQL identifier (optionally schema-qualified): rename it.`,
    );
  }
  return name;
}
