// The checker can fail: each invariant of the chaos suite is run against a log that breaks it and
// must report the breakage. The main case is the one the issue names: a scorer that appends with ANY
// instead of NO_STREAM. A redelivered batch (after a SIGKILL, a rebalance) that is decided again
// differently (the thresholds changed in between) carries events the stream does not hold yet; with
// NO_STREAM the store refuses it (conflict: the stream exists), with ANY it is appended and the
// transaction is scored twice and alerted twice. Nothing is mocked: real PostgreSQL, the real event
// store, the real projections rebuild command.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  ANY,
  migrate,
  NO_STREAM,
  type AppendRequest,
  type ExpectedVersion,
  PostgresEventStore,
} from '#eventstore';
import { migrateReadModel } from '#read-model';
import { mixedWorkload } from '../../apps/projections/src/workload/mixed-workload.js';
import { checkerPool, type RestartableServer, startChaosPostgres } from './harness/chaos-servers.js';
import { checkEventLog, checkProjectionCheckpoints } from './harness/invariants.js';
import { checkReadTablesEqualRebuild, runRebuild } from './harness/read-tables.js';

const TRANSACTIONS = 200;

describe('the invariant checker catches a broken run', () => {
  let postgres: RestartableServer | undefined;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const sent = Array.from({ length: TRANSACTIONS }, (_, i) => `chk${i}`);
  let firstBatch: AppendRequest[] = [];

  beforeAll(async () => {
    postgres = await startChaosPostgres();
    pool = checkerPool(postgres.address);
    await migrate(pool);
    await migrateReadModel(postgres.address);
    store = PostgresEventStore.connect(postgres.address, { max: 2 });
    for (const batch of mixedWorkload({
      transactions: TRANSACTIONS,
      batchSize: 100,
      prefix: 'chk',
      seed: 11,
    })) {
      if (firstBatch.length === 0) firstBatch = batch;
      await store.appendMany(batch);
    }
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await postgres?.stop();
  });

  /** The scorer's appends of the first batch again, decided anew (fresh event ids), with `expected`. */
  const redeliver = async (expected: ExpectedVersion) =>
    await store.appendMany(
      firstBatch
        .filter(
          ({ streamId, expected: original }) =>
            original === NO_STREAM && /^(transaction|alert)-/.test(streamId),
        )
        .map(({ streamId, events }) => ({
          streamId,
          expected,
          events: events.map((event) => ({ ...event, eventId: randomUUID() })),
        })),
    );

  it('a correct log passes: one TransactionScored per transaction, one alert per suspicion', async () => {
    const { violations, figures } = await checkEventLog(pool, sent);
    expect(violations).toEqual([]);
    expect(figures.transactionScored).toBe(TRANSACTIONS);
    expect(figures.alertRaised).toBe(figures.fraudSuspected);
    expect(figures.fraudSuspected).toBeGreaterThan(0);
  });

  it('a redelivery appended with NO_STREAM is refused and the log still passes', async () => {
    const results = await redeliver(NO_STREAM);
    expect(new Set(results.map(({ outcome }) => outcome))).toEqual(new Set(['conflict']));
    expect((await checkEventLog(pool, sent)).violations).toEqual([]);
  });

  it('a redelivery appended with ANY (the deliberately broken idempotency) makes the checker fail', async () => {
    const results = await redeliver(ANY);
    expect(new Set(results.map(({ outcome }) => outcome))).toEqual(new Set(['appended']));
    const { violations } = await checkEventLog(pool, sent);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^100 transactions are scored more than once: chk\d+ \(2x\)/),
        expect.stringMatching(/alerts raised more than once/),
        expect.stringMatching(/more than one FraudSuspected/),
      ]),
    );
  });

  it('a lost transaction and a transaction never sent are reported', async () => {
    const { violations } = await checkEventLog(pool, [...sent.slice(1), 'never-scored']);
    expect(violations).toEqual(
      expect.arrayContaining([
        '1 sent transactions have no TransactionScored (lost): never-scored',
        '1 transaction streams for transactions never sent: chk0',
      ]),
    );
  });

  it('an alert without its FraudSuspected is reported as an orphan', async () => {
    await store.append(
      'alert-orphan',
      [
        {
          eventId: randomUUID(),
          type: 'AlertRaised',
          data: { alertId: 'orphan' },
          metadata: { actor: 'system', occurredAt: new Date().toISOString() },
          schemaVersion: 1,
        },
      ],
      NO_STREAM,
    );
    const { violations } = await checkEventLog(pool, sent);
    expect(violations).toEqual(
      expect.arrayContaining(['1 alerts without a FraudSuspected (orphans): orphan']),
    );
  });

  it('a read row that differs from the log, and a projection behind the log, are reported', async () => {
    await pool.query("DELETE FROM eventstore_events WHERE stream_id = 'alert-orphan'"); // not a valid alert
    await runRebuild(postgres!.address); // tables and checkpoints from the log as it is
    expect((await checkProjectionCheckpoints(pool, store)).violations).toEqual([]);
    expect((await checkReadTablesEqualRebuild(pool, postgres!.address)).violations).toEqual([]);

    await pool.query("UPDATE transactions_enriched SET risk_score = 0.123 WHERE transaction_id = 'chk5'");
    const tampered = await checkReadTablesEqualRebuild(pool, postgres!.address);
    expect(tampered.violations).toEqual([
      expect.stringMatching(/^read table transactions_enriched differs from its rebuild/),
    ]);

    await pool.query("UPDATE projection_checkpoints SET checkpoint = 'start' WHERE name = 'alerts'");
    expect((await checkProjectionCheckpoints(pool, store)).violations).toEqual([
      expect.stringMatching(/^projection alerts has not applied AlertRaised alert-chk/),
    ]);
  }, 120_000);
});
