// The backtest run: reads the event log through the EventStore port (any adapter), filtered to the
// facts it needs, in feed order, and replays every in-window `TransactionReceived` through the
// candidate's own feature pipeline and model, in the order scoring saw them (per customer, feed
// order is scoring order). History before the window only warms the feature state, as it did live.
// It never writes to the store. The next page is read while the current one is scored.
import {
  type Disposition,
  type Reason,
  type Transaction,
  type TransactionEvent,
  transactionStreamId,
} from '#domain';
import type { EventStore, FeedFilter, FeedPage, RecordedEvent } from '#eventstore';
import { computeFeatures, parseOccurredAt, replayTransactions } from '../features/compute-features.js';
import { FEATURE_COUNT } from '../features/feature-spec.js';
import type { CustomerState } from '../features/feature-state.js';
import { DEFAULT_COSTS } from '../evaluation/metrics.js';
import type { RiskModel } from '../scoring/scorer.js';
import { BacktestLedger, type ReplayRecord } from './backtest-ledger.js';
import { buildReport } from './backtest-report.js';
import type { BacktestOptions, BacktestReport } from './backtest.types.js';

export const BACKTEST_EVENT_TYPES = [
  'TransactionReceived',
  'TransactionScored',
  'ChargebackReported',
  'AlertResolved',
  'AlertReopened',
] as const;

const ALERT_PREFIX = 'alert-';

/**
 * What the replay never reads of the feed's events: TransactionScored's feature values (half its
 * size) and its reason codes, parsed for every transaction but needed only for the few decisions that
 * change, which are read by stream at the end (fillLiveReasons).
 */
const OMITTED_FIELDS = ['features', 'reasons'];

/** The feed filter the replay reads with (benchmarks read with it too, for a like-for-like ceiling). */
export const BACKTEST_FEED_FILTER: FeedFilter = {
  eventTypes: BACKTEST_EVENT_TYPES,
  omitDataFields: OMITTED_FIELDS,
  // Nothing of the replay reads who or what caused an event.
  omitMetadata: true,
};

/**
 * Transaction streams read per call when fetching the live reason codes of changed decisions: one
 * statement on PostgreSQL, and a bound on what is held at once however many decisions change.
 */
const REASON_STREAMS_PER_READ = 1_000;

/** The parts of a loaded model a backtest uses (RiskModel from `loadModel` fits). */
export type BacktestModel = Pick<RiskModel, 'metadata' | 'encodings' | 'score' | 'explain'>;

export interface BacktestResult {
  readonly report: BacktestReport;
  /** Every replayed transaction with both sides, in feed order (tests and custom analyses). */
  readonly records: readonly ReplayRecord[];
}

type ScoredData = Extract<TransactionEvent, { type: 'TransactionScored' }>['data'];

export async function runBacktest(
  store: EventStore,
  model: BacktestModel,
  options: BacktestOptions = {},
): Promise<BacktestResult> {
  const thresholds = options.thresholds ?? {
    reviewThreshold: model.metadata.thresholds.review,
    blockThreshold: model.metadata.thresholds.block,
  };
  const pageSize = options.pageSize ?? 5_000;
  const batchSize = options.batchSize ?? 2_000;
  const topReasons = options.reasons ?? 3;
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const ledger = new BacktestLedger(thresholds);
  // Unbounded, unlike the serving cache: scoring never forgets a customer (its state store keeps
  // them all), so neither may a replay that must reproduce its features.
  const state = new Map<string, CustomerState>();
  const rows = new Float32Array(batchSize * FEATURE_COUNT);
  const started = performance.now();
  // In-window transactions waiting for the next scoring batch, with their records (which keep only
  // what the report shows of the transaction).
  let pending: ReplayRecord[] = [];
  let pendingTransactions: Transaction[] = [];
  let eventsRead = 0;
  let warmedUp = 0;
  let replayed = 0;

  const explainer = (row: Float32Array) => (): Reason[] =>
    model
      .explain(row, topReasons)
      .map((code) => ({ feature: code.feature, description: code.text, contribution: code.contribution }));

  const scorePending = async (): Promise<void> => {
    const records = pending;
    const transactions = pendingTransactions;
    pending = [];
    pendingTransactions = [];
    for (let start = 0; start < records.length; start += batchSize) {
      const chunk = records.slice(start, start + batchSize);
      const batch = transactions.slice(start, start + batchSize);
      const features = computeFeatures(batch, state, model.encodings, rows).subarray(
        0,
        chunk.length * FEATURE_COUNT,
      );
      const scores = await model.score(features);
      chunk.forEach((record, k) => {
        ledger.scoredByCandidate(
          record,
          scores[k]!,
          explainer(features.subarray(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT)),
        );
      });
      replayed += chunk.length;
    }
  };

  const apply = async (event: RecordedEvent): Promise<void> => {
    switch (event.type) {
      case 'TransactionReceived': {
        const transaction = event.data as unknown as Transaction;
        const at = parseOccurredAt(transaction);
        if (at >= to) return;
        if (at < from) {
          // Keep per-customer order: what waits to be scored came earlier in the feed.
          if (pending.length > 0) await scorePending();
          replayTransactions([transaction], state);
          warmedUp++;
          return;
        }
        pending.push(ledger.received(transaction, at));
        pendingTransactions.push(transaction);
        return;
      }
      case 'TransactionScored': {
        const data = event.data as unknown as ScoredData;
        ledger.scoredLive(data.transactionId, {
          riskScore: data.riskScore,
          decision: data.decision,
          customerBlocked: data.customerBlocked,
          modelVersion: data.modelVersion,
          policyVersion: data.policyVersion,
          reasons: data.reasons,
        });
        return;
      }
      case 'ChargebackReported':
        ledger.chargeback((event.data as { transactionId: string }).transactionId);
        return;
      case 'AlertResolved':
        if (event.streamId.startsWith(ALERT_PREFIX)) {
          ledger.resolved(
            event.streamId.slice(ALERT_PREFIX.length),
            (event.data as { disposition: Disposition }).disposition,
          );
        }
        return;
      case 'AlertReopened':
        if (event.streamId.startsWith(ALERT_PREFIX))
          ledger.reopened(event.streamId.slice(ALERT_PREFIX.length));
        return;
      default:
        return;
    }
  };

  const read = (position: string): Promise<FeedPage> =>
    store.readAll(position, pageSize, BACKTEST_FEED_FILTER);
  let next = read('start');
  for (;;) {
    const page = await next;
    // PostgreSQL may hold back events committed behind a still-running transaction: read again.
    const done = page.endOfFeed && page.heldBack !== true;
    if (!done) {
      next = page.endOfFeed
        ? new Promise((resolve) => setTimeout(resolve, 20)).then(() => read(page.checkpoint))
        : read(page.checkpoint);
    }
    for (const event of page.events) await apply(event);
    await scorePending();
    eventsRead += page.events.length;
    options.onProgress?.({ eventsRead, replayed, warmedUp, elapsedMs: performance.now() - started });
    if (done) break;
  }
  ledger.finish();
  await fillLiveReasons(store, ledger.records);
  const elapsedMs = performance.now() - started;
  const report = buildReport(ledger, {
    model: { version: model.metadata.version, modelType: model.metadata.modelType },
    thresholds,
    window: {
      from: Number.isFinite(from) ? new Date(from).toISOString() : null,
      to: Number.isFinite(to) ? new Date(to).toISOString() : null,
    },
    costs: options.costs ?? DEFAULT_COSTS,
    eventsRead,
    warmedUp,
    elapsedMs,
  });
  return { report, records: ledger.records };
}

/** The live reason codes of every changed decision, from its transaction's stream (read in batches). */
async function fillLiveReasons(store: EventStore, records: readonly ReplayRecord[]): Promise<void> {
  const changed = new Map(
    records
      .filter(
        (record) =>
          record.live &&
          record.candidateDecision !== undefined &&
          record.candidateDecision !== record.live.decision,
      )
      .map((record) => [transactionStreamId(record.transaction.transactionId), record]),
  );
  const streamIds = [...changed.keys()];
  for (let start = 0; start < streamIds.length; start += REASON_STREAMS_PER_READ) {
    const streams = await store.readStreams(streamIds.slice(start, start + REASON_STREAMS_PER_READ));
    for (const [streamId, events] of streams) {
      const scored = events.find((event) => event.type === 'TransactionScored');
      changed.get(streamId)!.live!.reasons = (scored?.data as Partial<ScoredData> | undefined)?.reasons ?? [];
    }
  }
}
