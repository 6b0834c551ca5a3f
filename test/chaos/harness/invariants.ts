// The invariants a chaos run must leave standing, each returning the violations it found (empty =
// holds) and the figures it measured. They read the real stores: the PostgreSQL event log, Kafka's
// committed offsets and the projections' checkpoints. `invariants.chaos.spec.ts` shows each one
// failing on a log that breaks it (e.g. a scorer appending with ANY instead of NO_STREAM).
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import { START, type EventStore } from '#eventstore';
import { ALL_PROJECTIONS } from '../../../apps/projections/src/projection/all-projections.js';

export interface Checked<F> {
  readonly violations: string[];
  readonly figures: F;
}

const examples = (ids: readonly string[]) =>
  `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, ... (${ids.length})` : ''}`;

export interface EventLogFigures {
  readonly sent: number;
  readonly transactionStreams: number;
  readonly transactionScored: number;
  readonly fraudSuspected: number;
  readonly alertRaised: number;
}

/**
 * Every transaction sent has exactly one TransactionReceived and one TransactionScored; no stream
 * exists for anything not sent; each FraudSuspected has exactly one AlertRaised on alert-<id> and
 * no alert exists without one.
 */
export async function checkEventLog(
  pool: pg.Pool,
  sentIds: Iterable<string>,
): Promise<Checked<EventLogFigures>> {
  const sent = new Set(sentIds);
  const { rows: streams } = await pool.query<{
    id: string;
    received: number;
    scored: number;
    suspected: number;
  }>(
    `SELECT substr(stream_id, 13) AS id,
            count(*) FILTER (WHERE type = 'TransactionReceived')::int AS received,
            count(*) FILTER (WHERE type = 'TransactionScored')::int AS scored,
            count(*) FILTER (WHERE type = 'FraudSuspected')::int AS suspected
       FROM eventstore_events WHERE stream_id LIKE 'transaction-%' GROUP BY stream_id`,
  );
  const { rows: alerts } = await pool.query<{ id: string; raised: number }>(
    `SELECT substr(stream_id, 7) AS id, count(*) FILTER (WHERE type = 'AlertRaised')::int AS raised
       FROM eventstore_events WHERE stream_id LIKE 'alert-%' GROUP BY stream_id`,
  );
  const byId = new Map(streams.map((row) => [row.id, row]));
  const alertsById = new Map(alerts.map((row) => [row.id, row.raised]));
  const missing = [...sent].filter((id) => (byId.get(id)?.scored ?? 0) === 0);
  const doubleScored = streams.filter((row) => row.scored > 1).map((row) => `${row.id} (${row.scored}x)`);
  const badReceived = streams.filter((row) => sent.has(row.id) && row.received !== 1).map((row) => row.id);
  const unexpected = streams.filter((row) => !sent.has(row.id)).map((row) => row.id);
  const suspected = streams.filter((row) => row.suspected > 0);
  const doubleSuspected = suspected.filter((row) => row.suspected > 1).map((row) => row.id);
  const withoutAlert = suspected.filter((row) => (alertsById.get(row.id) ?? 0) === 0).map((row) => row.id);
  const doubleAlerts = alerts.filter((row) => row.raised > 1).map((row) => `${row.id} (${row.raised}x)`);
  const orphanAlerts = alerts.filter((row) => (byId.get(row.id)?.suspected ?? 0) === 0).map((row) => row.id);
  const violations = [
    missing.length &&
      `${missing.length} sent transactions have no TransactionScored (lost): ${examples(missing)}`,
    doubleScored.length &&
      `${doubleScored.length} transactions are scored more than once: ${examples(doubleScored)}`,
    badReceived.length &&
      `${badReceived.length} transactions do not have exactly one TransactionReceived: ${examples(badReceived)}`,
    unexpected.length &&
      `${unexpected.length} transaction streams for transactions never sent: ${examples(unexpected)}`,
    doubleSuspected.length &&
      `${doubleSuspected.length} transactions have more than one FraudSuspected: ${examples(doubleSuspected)}`,
    withoutAlert.length &&
      `${withoutAlert.length} FraudSuspected without an AlertRaised: ${examples(withoutAlert)}`,
    doubleAlerts.length && `${doubleAlerts.length} alerts raised more than once: ${examples(doubleAlerts)}`,
    orphanAlerts.length &&
      `${orphanAlerts.length} alerts without a FraudSuspected (orphans): ${examples(orphanAlerts)}`,
  ].filter((line): line is string => typeof line === 'string');
  return {
    violations,
    figures: {
      sent: sent.size,
      transactionStreams: streams.length,
      transactionScored: streams.reduce((sum, row) => sum + row.scored, 0),
      fraudSuspected: suspected.reduce((sum, row) => sum + row.suspected, 0),
      alertRaised: alerts.reduce((sum, row) => sum + row.raised, 0),
    },
  };
}

/** The consumer group has committed every message of its topics: nothing left behind, nothing ahead. */
export async function checkConsumerOffsets(
  brokers: string,
  groupId: string,
  topics: readonly string[],
): Promise<Checked<Record<string, { end: number; committed: number }>>> {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const violations: string[] = [];
    const figures: Record<string, { end: number; committed: number }> = {};
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const group = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      let end = 0;
      let done = 0;
      for (const { partition, high } of ends) {
        const at = Math.max(0, Number(group.find((entry) => entry.partition === partition)?.offset ?? -1));
        end += Number(high);
        done += at;
        if (at !== Number(high)) {
          violations.push(
            `${groupId} on ${topic}[${partition}] committed ${at}, but the partition ends at ${high}`,
          );
        }
      }
      figures[topic] = { end, committed: done };
    }
    return { violations, figures };
  } finally {
    await admin.disconnect();
  }
}

/** Every projection has a checkpoint, is not stopped on an event, and has nothing it reads after it. */
export async function checkProjectionCheckpoints(
  pool: pg.Pool,
  store: EventStore,
): Promise<Checked<Record<string, number>>> {
  const violations: string[] = [];
  const figures: Record<string, number> = {};
  const { rows } = await pool.query<{
    name: string;
    checkpoint: string | null;
    events_applied: string;
    error: string | null;
  }>('SELECT name, checkpoint, events_applied, error FROM projection_checkpoints');
  for (const projection of ALL_PROJECTIONS) {
    const row = rows.find((candidate) => candidate.name === projection.name);
    if (row?.error) violations.push(`projection ${projection.name} is stopped: ${row.error}`);
    const after = await store.readAll(row?.checkpoint ?? START, 1, projection.filter);
    if (after.events.length > 0) {
      violations.push(
        `projection ${projection.name} has not applied ${after.events[0]!.type} ${after.events[0]!.streamId} (checkpoint ${row?.checkpoint ?? 'none'})`,
      );
    }
    figures[projection.name] = Number(row?.events_applied ?? 0);
  }
  return { violations, figures };
}
