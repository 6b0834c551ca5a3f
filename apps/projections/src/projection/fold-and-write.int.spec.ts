// The rows a page starts are folded without being looked up and inserted where new
// (fold-and-write.ts): pages of many events give the read tables exactly what the log applied one
// event at a time gives (every row but a stream's first looked up and updated), a page delivered
// again over its committed rows included, on PostgreSQL.
import { type FeedPosition, START, type RecordedEvent } from '#eventstore';
import { READ_MODEL_TABLES } from '#read-model';
import { alertsProjection } from '../alerts/alerts.projection.js';
import {
  projectionTestBed,
  snapshotReadTables,
  type ProjectionTestBed,
} from '../testing/read-model.spec-helpers.js';
import { transactionsProjection } from '../transactions/transactions.projection.js';
import { mixedWorkload } from '../workload/mixed-workload.js';
import type { Projection } from './projection.js';

const PROJECTIONS = [transactionsProjection, alertsProjection];
let bed: ProjectionTestBed;

beforeAll(async () => {
  bed = await projectionTestBed('fold_pages');
  for (const batch of mixedWorkload({ transactions: 300, batchSize: 50, challenger: 'challenger-1' }))
    await bed.store.appendMany(batch);
});

afterAll(async () => {
  await bed.close();
});

/** The log in pages of `size` events, as each projection's filter selects them. */
async function pagesOf(projection: Projection, size: number): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  const deadline = Date.now() + 30_000;
  for (let position: FeedPosition = START; ;) {
    if (Date.now() > deadline)
      throw new Error('The feed stayed held back for 30 s: a transaction left open?');
    const page = await bed.store.readAll(position, size, projection.filter);
    if (page.events.length > 0) pages.push([...page.events]);
    position = page.checkpoint;
    // A transaction of a suite running beside this one can hide committed events for a moment.
    if (page.endOfFeed && !page.heldBackMatching) return pages;
    if (page.endOfFeed) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function applyInTransaction(projection: Projection, events: RecordedEvent[]) {
  const client = await bed.pool.connect();
  try {
    await client.query('BEGIN');
    await projection.apply(events, client);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function emptyReadTables() {
  const tables = READ_MODEL_TABLES.filter((table) => table !== 'projection_checkpoints');
  await bed.pool.query(`TRUNCATE ${tables.join(', ')}`);
}

describe('rows folded page by page', () => {
  it('given the log, when applied in pages of 50 events and one page delivered again, then the tables equal those of the log applied one event at a time', async () => {
    // Given: the read tables as the log applied one event at a time gives them
    for (const projection of PROJECTIONS)
      for (const [event] of await pagesOf(projection, 1)) await applyInTransaction(projection, [event!]);
    const oneByOne = await snapshotReadTables(bed.pool);
    await emptyReadTables();
    const pagesByProjection = await Promise.all(PROJECTIONS.map((projection) => pagesOf(projection, 50)));
    expect(pagesByProjection.every((pages) => pages.length >= 3)).toBe(true);

    // When: the log in pages of 50, the second page delivered again over its committed rows
    for (const [i, projection] of PROJECTIONS.entries()) {
      const pages = pagesByProjection[i]!;
      for (const page of pages) await applyInTransaction(projection, page);
      await applyInTransaction(projection, pages[1]!);
    }

    // Then
    const paged = await snapshotReadTables(bed.pool);
    expect(paged.transactions_enriched?.rows).toBe(300);
    expect(paged.fraud_alerts?.rows).toBeGreaterThan(0);
    const { rows } = await bed.pool.query<{ n: string }>(
      'SELECT sum(transactions) AS n FROM fraud_stats_minute',
    );
    expect(Number(rows[0]?.n)).toBe(300);
    expect(paged).toEqual(oneByOne);
  });
});
