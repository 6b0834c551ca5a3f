// Simulated payments sent to ingest's HTTP batch endpoint at a fixed rate, the way a payment system
// would: a batch refused with 503 (bus down) or not answered at all (ingest restarting) is sent again,
// unchanged, until it is accepted, so every generated transaction is eventually "sent" and must be
// scored exactly once. Records when each transaction was accepted and how long each request took.
import type { Transaction } from '#domain';
import { createSimulation } from '#simulator';

export interface LoadOptions {
  readonly ingestUrl: string;
  /** Transactions per second. */
  readonly rate: number;
  readonly count: number;
  readonly seed: number;
  /** Batches per second (default 5). */
  readonly batchesPerSecond?: number;
  /** Called after each accepted batch with how many transactions are accepted so far. */
  readonly onProgress?: (accepted: number) => void;
}

export interface LoadResult {
  readonly sent: readonly Transaction[];
  /** transactionId -> epoch ms at which ingest accepted it (202). */
  readonly acceptedAt: ReadonlyMap<string, number>;
  /** [epoch ms at send, ms to 202] per accepted request. */
  readonly requestLatencies: readonly (readonly [number, number])[];
  /** Refusals and network errors that were retried, by kind (e.g. `503`, `network`). */
  readonly retried: Readonly<Record<string, number>>;
  readonly seconds: number;
}

export function simulatedTraffic(seed: number, count: number): Transaction[] {
  return createSimulation({ seed, fraudShare: 0.03, start: new Date('2025-05-01T00:00:00Z') })
    .take(count)
    .map(({ transaction }) => transaction);
}

export async function driveLoad(options: LoadOptions, signal?: AbortSignal): Promise<LoadResult> {
  const transactions = simulatedTraffic(options.seed, options.count);
  const perSecond = options.batchesPerSecond ?? 5;
  const batchSize = Math.max(1, Math.round(options.rate / perSecond));
  const acceptedAt = new Map<string, number>();
  const requestLatencies: [number, number][] = [];
  const retried: Record<string, number> = {};
  const started = Date.now();
  for (let first = 0, index = 0; first < transactions.length; first += batchSize, index += 1) {
    const due = started + (index * 1000) / perSecond;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const batch = transactions.slice(first, first + batchSize);
    const body = JSON.stringify({ transactions: batch });
    for (let attempt = 0; ; attempt += 1) {
      if (signal?.aborted) throw new Error('load stopped: the suite was aborted');
      const sentAt = Date.now();
      const outcome = await post(`${options.ingestUrl}/transactions/batch`, body);
      if (outcome === 202) {
        const now = Date.now();
        requestLatencies.push([sentAt, now - sentAt]);
        for (const transaction of batch) acceptedAt.set(transaction.transactionId, now);
        break;
      }
      if (outcome !== 503 && outcome !== 'network') {
        throw new Error(`ingest answered ${outcome} to a valid batch (${batch.length} transactions)`);
      }
      retried[String(outcome)] = (retried[String(outcome)] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
    }
    options.onProgress?.(acceptedAt.size);
  }
  return {
    sent: transactions,
    acceptedAt,
    requestLatencies,
    retried,
    seconds: (Date.now() - started) / 1000,
  };
}

async function post(url: string, body: string): Promise<number | 'network'> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    // Connection refused or reset, or no answer in 15 s: the batch was not accepted; send it again.
    return 'network';
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
