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
// `first` is the number of its first parameter (it may ride in another statement: durable-writes.ts).
const upsertSql = (first: number) => `
INSERT INTO scoring_customer_state AS s (customer_id, state, source_partition, source_offset)
SELECT * FROM unnest($${first}::text[], $${first + 1}::jsonb[], $${first + 2}::integer[], $${first + 3}::bigint[]) ORDER BY 1
ON CONFLICT (customer_id) DO UPDATE
  SET state = EXCLUDED.state, source_partition = EXCLUDED.source_partition,
      source_offset = EXCLUDED.source_offset, updated_at = now()
  WHERE s.source_partition <> EXCLUDED.source_partition OR s.source_offset < EXCLUDED.source_offset`;
const UPSERT = upsertSql(1);
const UPSERT_FROM_3 = upsertSql(3);

function upsertValues(writes: readonly CustomerStateWrite[]): unknown[] {
  return [
    writes.map((write) => write.customerId),
    writes.map((write) => JSON.stringify(encodeCustomerState(write.state))),
    writes.map((write) => write.source.partition),
    writes.map((write) => write.source.offset),
  ];
}

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
    /** The state table's pool (scoring writes state and events in one transaction when shared). */
    readonly pool: pg.Pool,
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

  /**
   * Statements of at most `rowsPerStatement` rows. Without `client` each is its own transaction,
   * `concurrency` at once (a save is idempotent per row, so a failure part-way is repaired by the
   * batch's retry); with `client` they run one after the other inside the caller's transaction.
   */
  async save(writes: readonly CustomerStateWrite[], options: { client?: pg.ClientBase } = {}): Promise<void> {
    const { client } = options;
    await runInParts(slices(writes, this.rowsPerStatement), client ? 1 : this.concurrency, (part) =>
      this.query(
        { name: 'scoring_save_customer_state', text: UPSERT },
        upsertValues(part),
        'saving customer state',
        client,
      ),
    );
  }

  /**
   * The save of `writes` as one statement whose parameters start at $3, to run in the same
   * statement as an append (`PostgresEventStore.appendManyWith`).
   */
  saveStatement(writes: readonly CustomerStateWrite[]): { name: string; text: string; values: unknown[] } {
    return { name: 'scoring_save_customer_state_3', text: UPSERT_FROM_3, values: upsertValues(writes) };
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
    client?: pg.ClientBase,
  ): Promise<pg.QueryResult<Row>> {
    try {
      return await (client ?? this.pool).query<Row>({ ...query, values });
    } catch (error) {
      throw new CustomerStateUnavailable(
        `PostgreSQL failed while ${doing}: ${(error as Error).message} (retriable: the batch is tried again)`,
        { cause: error },
      );
    }
  }
}
