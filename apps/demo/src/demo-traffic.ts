// The demo's payment traffic: the seeded simulator paced by the wall clock (a transaction is sent
// when its simulated time comes), posted to the ingest API like a payment system would. The first
// start backfills the last BACKFILL_HOURS at full speed so the dashboard has history at once; a
// restart continues the same simulation where it stopped (state in ./.data/demo-traffic.json).
// The simulation itself starts WARMUP_HOURS before the backfill, generated but not sent: a fraud
// episode begins hours after the payment that triggers it, so a simulation started at the window
// would show almost no fraud in its first hours (measured: none in a 30-minute backfill at most hours
// of the day; with the warm-up 13-75 at every hour), and a new user would wait for the first alert.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Transaction } from '#domain';
import { createSimulation, type SimulatedTransaction } from '#simulator';

export interface DemoTrafficOptions {
  readonly ingestUrl: string;
  readonly dataDir: string;
  /** Customers in the population: with 30,000 the simulated rhythm is about one payment a second. */
  readonly customers: number;
  readonly fraudShare: number;
  readonly backfillHours: number;
  readonly log: (line: string) => void;
}

interface TrafficState {
  readonly seed: number;
  readonly start: string;
  /** The first transactions of the simulation, generated before the window and never sent. */
  readonly skipped?: number;
  /** Transactions of the simulation already sent (the simulation is deterministic from seed + start). */
  sent: number;
}

const WARMUP_HOURS = 12;
const HOUR_MS = 3_600_000;

/** Sequence number of a simulated transaction id (`tx-<tag>-<base 36>`). */
const sequenceOf = (transactionId: string): number =>
  parseInt(transactionId.slice(transactionId.lastIndexOf('-') + 1), 36);

export interface DemoTraffic {
  readonly sent: () => number;
  stop(): Promise<void>;
}

const BATCH = 500;

export function startDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const stateFile = path.join(options.dataDir, 'demo-traffic.json');
  const resumed = existsSync(stateFile);
  const windowStart = Date.now() - options.backfillHours * HOUR_MS;
  const saved: TrafficState = resumed
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as TrafficState)
    : { seed: 7, start: new Date(windowStart - WARMUP_HOURS * HOUR_MS).toISOString(), sent: 0 };
  const simulation = createSimulation({
    seed: saved.seed,
    start: new Date(saved.start),
    customers: options.customers,
    fraudShare: options.fraudShare,
  });
  let pending: SimulatedTransaction | undefined;
  let skipped = saved.skipped ?? 0;
  if (resumed) {
    // Replay what earlier runs generated (generation is fast and pure), so ids continue without
    // clashing.
    const generated = skipped + saved.sent;
    for (let done = 0; done < generated; done += 10_000) simulation.take(Math.min(10_000, generated - done));
  } else {
    // The warm-up: generated, never sent.
    for (;;) {
      pending = simulation.take(1)[0];
      if (!pending || Date.parse(pending.transaction.occurredAt) >= windowStart) break;
      skipped++;
    }
  }
  const state: TrafficState = { ...saved, skipped };
  // Chargebacks already due were posted by earlier runs, or belong to the warm-up.
  simulation.dueChargebacks();
  const wasSent = (transactionId: string) => sequenceOf(transactionId) >= skipped;

  let stopping = false;
  const save = () => writeFileSync(stateFile, `${JSON.stringify(state)}\n`);

  const post = async (route: string, body: unknown): Promise<void> => {
    const response = await fetch(`${options.ingestUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202)
      throw new Error(`POST ${route} answered ${response.status}: ${await response.text()}`);
  };

  const due = (now: number): Transaction[] => {
    const batch: Transaction[] = [];
    while (batch.length < BATCH) {
      pending ??= simulation.take(1)[0];
      if (!pending || Date.parse(pending.transaction.occurredAt) > now) break;
      batch.push(pending.transaction);
      pending = undefined;
    }
    return batch;
  };

  let inFlight: Transaction[] = [];
  // Chargebacks taken from the simulation and not yet accepted by ingest (kept across retries).
  let owed: ReturnType<typeof simulation.dueChargebacks> = [];
  let full = false;
  const loop = async () => {
    while (!stopping) {
      if (inFlight.length === 0) inFlight = due(Date.now());
      try {
        if (inFlight.length > 0) {
          await post('/transactions/batch', { transactions: inFlight });
          // Counted once, when accepted: a later failure must not resend and recount it (a restart
          // replays `sent` transactions of the simulation, so an overcount would skip unsent ones).
          state.sent += inFlight.length;
          full = inFlight.length === BATCH;
          inFlight = [];
          // A fraud of the warm-up was never paid here: its chargeback has nothing to refer to.
          owed = [...owed, ...simulation.dueChargebacks().filter((c) => wasSent(c.transactionId))];
          save();
        }
        while (owed.length > 0) {
          await post('/chargebacks', owed[0]);
          owed = owed.slice(1);
        }
      } catch (error) {
        // Resent as it is on the next turn: scoring records each transactionId once, so a batch
        // that was in fact accepted before the failure is not counted twice.
        options.log(
          `demo traffic: ${error instanceof Error ? error.message : String(error)}; retrying in 2 s`,
        );
        await sleep(2_000);
        continue;
      }
      if (!full) await sleep(200);
      full = false;
    }
  };
  const running = loop();

  return {
    sent: () => state.sent,
    stop: async () => {
      stopping = true;
      await running;
      save();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
