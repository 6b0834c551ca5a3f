// One transaction on one pooled connection: BEGIN, the caller's work, COMMIT; on failure ROLLBACK
// and the work's error rethrown. A connection whose ROLLBACK fails has lost its transaction with it
// and is destroyed, never handed back to the pool.
import type pg from 'pg';
import { toStoreError } from './postgres-errors.js';

/** `doing` names the transaction in errors ("a checkpoint transaction"). */
export async function inTransaction<T>(
  pool: pg.Pool,
  doing: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => {
    throw toStoreError(error, `opening ${doing}`);
  });
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = true;
      throw toStoreError(rollbackError, `rolling back ${doing} after: ${String(error)}`);
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
