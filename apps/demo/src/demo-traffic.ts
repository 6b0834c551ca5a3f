// The demo's payment traffic: the seeded simulator paced by the wall clock (a transaction is sent
// when its simulated time comes), posted to the ingest API like a payment system would. The first
// start backfills the last BACKFILL_HOURS at full speed so the dashboard has history at once; a
// restart continues the same simulation where it stopped (state in ./.data/demo-traffic.json).
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
  /** Transactions of the simulation already sent (the simulation is deterministic from seed + start). */
  sent: number;
}

export interface DemoTraffic {
  readonly sent: () => number;
  stop(): Promise<void>;
}

const BATCH = 500;

export function startDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const stateFile = path.join(options.dataDir, 'demo-traffic.json');
  const state: TrafficState = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as TrafficState)
    : { seed: 7, start: new Date(Date.now() - options.backfillHours * 3_600_000).toISOString(), sent: 0 };
  const simulation = createSimulation({
    seed: state.seed,
    start: new Date(state.start),
    customers: options.customers,
    fraudShare: options.fraudShare,
  });
  // Replay what earlier runs sent (generation is fast and pure), so ids continue without clashing.
  for (let skipped = 0; skipped < state.sent; skipped += 10_000)
    simulation.take(Math.min(10_000, state.sent - skipped));
  simulation.dueChargebacks();

  let stopping = false;
  let pending: SimulatedTransaction | undefined;
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
  const loop = async () => {
    while (!stopping) {
      if (inFlight.length === 0) inFlight = due(Date.now());
      if (inFlight.length > 0) {
        try {
          await post('/transactions/batch', { transactions: inFlight });
          state.sent += inFlight.length;
          for (const chargeback of simulation.dueChargebacks()) await post('/chargebacks', chargeback);
          save();
        } catch (error) {
          // Resent as it is on the next turn: scoring records each transactionId once, so a batch
          // that was in fact accepted before the failure is not counted twice.
          options.log(
            `demo traffic: ${error instanceof Error ? error.message : String(error)}; retrying in 2 s`,
          );
          await sleep(2_000);
          continue;
        }
      }
      const full = inFlight.length === BATCH;
      inFlight = [];
      if (!full) await sleep(200);
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
