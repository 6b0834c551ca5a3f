// The customer state store on PostgreSQL (table scoring_customer_state, created at boot): one SELECT
// for a batch's missing customers, and an upsert of a batch's customers in statements of at most
// `rowsPerStatement` rows, two at once (a large write costs the server page faults on memory its
// allocator gave back: docs/EVENTSTORE.md, "Large batches"; the SELECT measured no better split).
import type pg from 'pg';
import { runInParts, slices } from '#eventstore';
import type { CustomerState } from '#ml';
import {
  decodeCustomerState,
  encodeCustomerState,
  type StoredCustomerState,
} from './customer-state-codec.js';
import type { CustomerStateStore, CustomerStateWrite } from './customer-state-store.js';

// "scoring" in ASCII: recognisable in pg_locks.
const LOCK_KEY = 0x73636f72696e67n;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scoring_customer_state (
  customer_id      text PRIMARY KEY,
  state            jsonb NOT NULL,
  source_partition integer NOT NULL,
  source_offset    bigint NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
)`;

// Rows sorted by customer id so concurrent writers lock in one order (no deadlocks); the WHERE keeps
// a zombie writer from moving a row back to an older offset of the same partition.
const UPSERT = `
INSERT INTO scoring_customer_state AS s (customer_id, state, source_partition, source_offset)
SELECT * FROM unnest($1::text[], $2::jsonb[], $3::integer[], $4::bigint[]) ORDER BY 1
ON CONFLICT (customer_id) DO UPDATE
  SET state = EXCLUDED.state, source_partition = EXCLUDED.source_partition,
      source_offset = EXCLUDED.source_offset, updated_at = now()
  WHERE s.source_partition <> EXCLUDED.source_partition OR s.source_offset < EXCLUDED.source_offset`;

export class CustomerStateUnavailable extends Error {
  override readonly name = 'CustomerStateUnavailable';
  /** A lost connection or a busy server: the batch is retried, never dead-lettered. */
  readonly retriable = true;
}

export interface PostgresCustomerStateStoreOptions {
  /** Rows per upsert statement (default 250, about 190 KB of state). */
  readonly rowsPerStatement?: number;
  /** Upsert statements of one save in flight at once, each on its own connection (default 2). */
  readonly concurrency?: number;
}

export class PostgresCustomerStateStore implements CustomerStateStore {
  private readonly rowsPerStatement: number;
  private readonly concurrency: number;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresCustomerStateStoreOptions = {},
  ) {
    this.rowsPerStatement = options.rowsPerStatement ?? 250;
    this.concurrency = options.concurrency ?? 2;
  }

  /** Creates the table when missing (idempotent, serialised across processes starting together). */
  async migrate(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new CustomerStateUnavailable(
        `Cannot reach PostgreSQL to create scoring_customer_state: ${(error as Error).message} (retriable)`,
        { cause: error },
      );
    }
    try {
      await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY.toString()]);
      try {
        await client.query(SCHEMA);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY.toString()]);
      }
    } finally {
      client.release();
    }
  }

  async load(customerIds: readonly string[]): Promise<Map<string, CustomerState>> {
    const found = new Map<string, CustomerState>();
    if (customerIds.length === 0) return found;
    const { rows } = await this.query<{ customer_id: string; state: StoredCustomerState }>(
      {
        name: 'scoring_load_customer_state',
        text: 'SELECT customer_id, state FROM scoring_customer_state WHERE customer_id = ANY($1::text[])',
      },
      [customerIds],
      'loading customer state',
    );
    for (const row of rows) found.set(row.customer_id, decodeCustomerState(row.state));
    return found;
  }

  async save(writes: readonly CustomerStateWrite[]): Promise<void> {
    // Each part is its own statement and transaction: a save is idempotent per row, so a failure
    // part-way is repaired by the batch's retry.
    await runInParts(slices(writes, this.rowsPerStatement), this.concurrency, (part) =>
      this.query(
        { name: 'scoring_save_customer_state', text: UPSERT },
        [
          part.map((write) => write.customerId),
          part.map((write) => JSON.stringify(encodeCustomerState(write.state))),
          part.map((write) => write.source.partition),
          part.map((write) => write.source.offset),
        ],
        'saving customer state',
      ),
    );
  }

  /** Each part is its own statement and transaction (a save is idempotent per row: a retry repairs). */
  private async inParts<T>(
    items: readonly T[],
    work: (part: readonly T[]) => Promise<unknown>,
  ): Promise<void> {
    await runInParts(slices(items, this.rowsPerStatement), this.concurrency, work);
  }

  async check(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.pool.query('SELECT 1 FROM scoring_customer_state LIMIT 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  private async query<Row extends pg.QueryResultRow>(
    query: { name: string; text: string },
    values: unknown[],
    doing: string,
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>({ ...query, values });
    } catch (error) {
      throw new CustomerStateUnavailable(
        `PostgreSQL failed while ${doing}: ${(error as Error).message} (retriable: the batch is tried again)`,
        { cause: error },
      );
    }
  }
}
