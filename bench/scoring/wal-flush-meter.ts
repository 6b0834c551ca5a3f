// The WAL flushes over the scoring bench's latency window: how many, and how long they took on
// average. Every durable append waits for one (synchronous_commit), and on a disk busy writing back
// a burst's pages a flush can take tens of ms, holding every partition's next append behind it
// (docs/BENCHMARKS.md, "Where the tail at 1,000 tx/s comes from"). pg_stat_wal counts the whole
// server (an upper bound when other databases write); its flush time is kept only by sessions with
// track_wal_io_timing on, which the bench sets on its scratch database (a superuser's right: without
// it the row says so and gives the count alone).
import type pg from 'pg';

export interface WalFlushWindow {
  /** Flush time in the window (undefined without timing), and what the row's note says. */
  stop(): Promise<{ flushMs: number | undefined; note: string }>;
}

interface WalStats {
  syncs: number;
  syncMs: number;
}

const read = async (pool: pg.Pool): Promise<WalStats> => {
  const { rows } = await pool.query<{ syncs: string; sync_ms: number }>(
    'SELECT wal_sync::text AS syncs, wal_sync_time AS sync_ms FROM pg_stat_wal',
  );
  return { syncs: Number(rows[0]!.syncs), syncMs: Number(rows[0]!.sync_ms) };
};

/**
 * Turns flush timing on for `database`'s new sessions; call before the service opens its pools.
 * Resolves to why it could not, or undefined.
 */
export async function timeWalFlushes(pool: pg.Pool, database: string): Promise<string | undefined> {
  try {
    await pool.query(`ALTER DATABASE "${database.replaceAll('"', '""')}" SET track_wal_io_timing = on`);
    return undefined;
  } catch (error) {
    return `flush time unavailable: ${(error as Error).message}`;
  }
}

export async function startWalFlushWindow(
  pool: pg.Pool,
  timingUnavailable: string | undefined,
): Promise<WalFlushWindow> {
  const before = await read(pool);
  return {
    async stop() {
      const after = await read(pool);
      const syncs = after.syncs - before.syncs;
      if (timingUnavailable !== undefined)
        return { flushMs: undefined, note: `${syncs} flushes; ${timingUnavailable}` };
      const flushMs = after.syncMs - before.syncMs;
      return {
        flushMs,
        note: `${syncs} flushes on the server, mean ${syncs > 0 ? (flushMs / syncs).toFixed(3) : '-'} ms (the walwriter's are counted, not timed)`,
      };
    },
  };
}
