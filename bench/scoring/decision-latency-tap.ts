// The scoring service's own latency observations, one by one: `scoring_decision_latency_seconds`
// is observed for each transaction when its events are committed (the append stage returns)
// (occurredAt -> durable). The histogram's buckets are too coarse for a p99, so the bench listens in
// on `observe` and keeps each value with the transaction's occurredAt (the observation time minus
// the value), to select a window by occurredAt as the SQL measure does.
import type { Histogram, Registry } from 'prom-client';

export const DECISION_LATENCY_METRIC = 'scoring_decision_latency_seconds';

export interface LatencySample {
  /** occurredAt, ms since the epoch. */
  readonly occurred: number;
  readonly ms: number;
}

export interface DecisionLatencyTap {
  /** Samples of transactions that occurred in [from, to), latencies sorted ascending. */
  between(from: string, to?: string): LatencySample[];
  stop(): void;
}

export function tapDecisionLatency(registry: Registry): DecisionLatencyTap {
  const histogram = registry.getSingleMetric(DECISION_LATENCY_METRIC) as Histogram | undefined;
  if (!histogram) throw new Error(`${DECISION_LATENCY_METRIC} is not registered: did the service start?`);
  const samples: LatencySample[] = [];
  const observe = histogram.observe as (...args: unknown[]) => void;
  histogram.observe = (...args: unknown[]) => {
    const value = args.length === 1 ? args[0] : args[1];
    if (typeof value === 'number') {
      const ms = value * 1000;
      samples.push({ occurred: Date.now() - ms, ms });
    }
    observe.apply(histogram, args);
  };
  return {
    between(from, to) {
      const start = Date.parse(from);
      const end = to === undefined ? Number.POSITIVE_INFINITY : Date.parse(to);
      return samples
        .filter((sample) => sample.occurred >= start && sample.occurred < end)
        .sort((a, b) => a.ms - b.ms);
    },
    stop() {
      histogram.observe = observe;
    },
  };
}
