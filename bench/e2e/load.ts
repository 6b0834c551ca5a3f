// Fixed offered load and what it is measured by: transactions published straight to Kafka at a
// steady rate (the simulator's `--target kafka` path, stamped occurredAt = the moment they are
// sent), durable-decision latency from the event store, and alert visibility from polling the
// GraphQL `alerts` query as an analyst would.
import { SignJWT } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import type { Transaction } from '#domain';
import type { KafkaTransactionBus } from '#messaging';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
  };
}

/**
 * Publishes `rate` tx/s for `seconds` (what is due every ~5 ms, occurredAt = now); returns the send
 * time of each transaction id and the rate actually achieved.
 */
export async function offerLoad(
  bus: KafkaTransactionBus,
  next: (count: number) => Transaction[],
  rate: number,
  seconds: number,
): Promise<{ sentAt: Map<string, number>; achieved: number; since: string }> {
  const sentAt = new Map<string, number>();
  const since = new Date().toISOString();
  const total = rate * seconds;
  const began = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - began) / 1000) * rate));
    if (due > sent) {
      const now = Date.now();
      const occurredAt = new Date(now).toISOString();
      const fresh = next(due - sent).map((transaction) => ({ ...transaction, occurredAt }));
      for (const transaction of fresh) sentAt.set(transaction.transactionId, now);
      // Behind schedule (a stalled loop on a busy machine) the backlog goes out in slices: one
      // request must stay under the broker's 1 MiB message.max.bytes.
      for (let start = 0; start < fresh.length; start += 1_000)
        await bus.publishTransactions(fresh.slice(start, start + 1_000));
      sent = due;
    }
    await sleep(5);
  }
  return { sentAt, achieved: total / ((performance.now() - began) / 1000), since };
}

/** occurredAt -> TransactionScored recorded (the append's commit), by transaction id, since `since`. */
export async function decisionLatencies(pool: pg.Pool, since: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ id: string; ms: number }>(
    `SELECT r.data->>'transactionId' AS id,
            extract(epoch FROM s.recorded_at - (r.data->>'occurredAt')::timestamptz) * 1000 AS ms
     FROM eventstore_events r JOIN eventstore_events s ON s.stream_id = r.stream_id AND s.type = 'TransactionScored'
     WHERE r.type = 'TransactionReceived' AND (r.data->>'occurredAt')::timestamptz >= $1`,
    [since],
  );
  return new Map(rows.map((row) => [row.id, Number(row.ms)]));
}

export const analystToken = (secret: string) =>
  new SignJWT({ role: 'analyst' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-e2e')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));

const NEWEST_ALERTS = '{ alerts(first: 100) { edges { node { id } } } }';

/**
 * Polls the newest alerts every `everyMs` through GraphQL, one request at a time; records when each
 * alert id was first seen. The figure includes up to one poll interval of waiting.
 */
export function watchAlerts(port: number, token: string, everyMs = 25) {
  const firstSeen = new Map<string, number>();
  let polls = 0;
  let failures = 0;
  let lastError = '';
  let running = true;
  const loop = (async () => {
    while (running) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: NEWEST_ALERTS }),
      }).catch(() => undefined);
      const seenAt = Date.now();
      polls++;
      const body = (await response?.json().catch(() => undefined)) as
        { data?: { alerts: { edges: { node: { id: string } }[] } } } | undefined;
      if (!body?.data) {
        failures++;
        lastError = JSON.stringify(body ?? 'no response').slice(0, 300);
      }
      for (const { node } of body?.data?.alerts.edges ?? [])
        if (!firstSeen.has(node.id)) firstSeen.set(node.id, seenAt);
      await sleep(everyMs);
    }
  })();
  return {
    /**
     * Per alert raised by a transaction in `sentAt`: sent -> first seen, and the part of it after
     * the decision was durable (`decidedMs` by id: projection + API + polling).
     */
    latencies(sentAt: Map<string, number>, decidedMs: Map<string, number>) {
      const total: number[] = [];
      const afterDecision: number[] = [];
      for (const [id, seen] of firstSeen) {
        const sent = sentAt.get(id);
        if (sent === undefined) continue;
        total.push(seen - sent);
        const decided = decidedMs.get(id);
        if (decided !== undefined) afterDecision.push(seen - sent - decided);
      }
      return { total, afterDecision };
    },
    stats: () => ({ polls, failures, lastError }),
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * Records when each decision message reaches a consumer of `fraud-decisions` (what a payment
 * system sees; scoring publishes it once the transaction's and the alert's events are durable).
 */
export async function watchDecisions(brokers: string[], topic: string) {
  const kafka = new Kafka({ brokers, clientId: 'bench-e2e-decisions', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `decisions-${Date.now().toString(36)}`, maxWaitTimeInMs: 20 });
  const receivedAt = new Map<string, number>();
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachBatch: ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        const id = /"transactionId":"([^"]+)"/.exec(message.value?.toString() ?? '')?.[1];
        if (id) receivedAt.set(id, now);
      }
      return Promise.resolve();
    },
  });
  await ready;
  return {
    latencies(sentAt: Map<string, number>): number[] {
      const result: number[] = [];
      for (const [id, sent] of sentAt) {
        const received = receivedAt.get(id);
        if (received !== undefined) result.push(received - sent);
      }
      return result;
    },
    stop: () => consumer.disconnect(),
  };
}
