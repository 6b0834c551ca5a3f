// Prometheus metrics of the projections: events applied (and per second), lag in events and in
// seconds behind the log, whether the feed is held back, and whether a projection has stopped on an
// event. Lag is probed through the port (readAll after the projection's checkpoint, capped), so it
// works with any event store.
import { START, type EventStore } from '#eventstore';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CommittedBatch } from './projection-checkpoint-store.js';
import type { ProjectionRunner } from './projection-runner.js';

/** Lag beyond this many events is reported as this many (the probe reads no further). */
export const LAG_PROBE_LIMIT = 10_000;

export class ProjectionMetrics {
  private readonly applied: Counter<'projection'>;
  private readonly rate: Gauge<'projection'>;
  private readonly lagEvents: Gauge<'projection'>;
  private readonly lagSeconds: Gauge<'projection'>;
  private readonly failed: Gauge<'projection'>;
  private readonly heldSeconds: Gauge<'projection'>;
  /**
   * Per projection, the probe that first found committed events it takes hidden, and where the
   * visible feed ended then: the same hold while that end has not moved.
   */
  private readonly holds = new Map<string, { since: number; end: string }>();
  private readonly lastCounts = new Map<string, { count: number; at: number }>();
  private readonly counts = new Map<string, number>();

  constructor(registry: Registry) {
    this.applied = new Counter({
      name: 'projection_events_applied_total',
      help: 'Events applied (committed with their checkpoint) per projection',
      labelNames: ['projection'],
      registers: [registry],
    });
    this.rate = new Gauge({
      name: 'projection_events_per_second',
      help: 'Events applied per second over the last probe interval',
      labelNames: ['projection'],
      registers: [registry],
    });
    this.lagEvents = new Gauge({
      name: 'projection_lag_events',
      help: `Events in the log the projection has not applied yet (capped at ${LAG_PROBE_LIMIT})`,
      labelNames: ['projection'],
      registers: [registry],
    });
    this.lagSeconds = new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the oldest event the projection has not applied yet (0 when caught up)',
      labelNames: ['projection'],
      registers: [registry],
    });
    this.heldSeconds = new Gauge({
      name: 'projection_feed_held_seconds',
      help:
        'How long the feed has hidden committed events this projection takes behind one older ' +
        'transaction running on the database server (a long transaction, a session idle in ' +
        'transaction), as seen by probes where the visible feed did not move; 0 when not held',
      labelNames: ['projection'],
      registers: [registry],
    });
    this.failed = new Gauge({
      name: 'projection_failed',
      help: '1 while the projection is stopped on a failing event (see projection_checkpoints.error)',
      labelNames: ['projection'],
      registers: [registry],
    });
  }

  committed(projection: string, batch: CommittedBatch): void {
    this.applied.inc({ projection }, batch.events.length);
    this.counts.set(projection, (this.counts.get(projection) ?? 0) + batch.events.length);
  }

  /** Reads what each projection still has to apply and updates the lag and rate gauges. */
  async probe(store: EventStore, runners: readonly ProjectionRunner[], now = Date.now()): Promise<void> {
    await Promise.all(
      runners.map(async (runner) => {
        const projection = runner.projection.name;
        this.failed.set({ projection }, runner.state.status === 'failed' ? 1 : 0);
        const count = this.counts.get(projection) ?? 0;
        const last = this.lastCounts.get(projection);
        if (last && now > last.at)
          this.rate.set({ projection }, ((count - last.count) * 1000) / (now - last.at));
        this.lastCounts.set(projection, { count, at: now });
        const position = runner.position;
        if (position === undefined) return;
        const page = await store.readAll(position ?? START, LAG_PROBE_LIMIT, runner.projection.filter);
        this.lagEvents.set({ projection }, page.events.length);
        // Committed events it takes hidden behind an older transaction (PostgreSQL's horizon): the
        // projection is behind by at least as long as the same transaction has held them, which is
        // while the visible feed's end stays where it was (under load the horizon moves on within
        // milliseconds, and the end with it). Before, a horizon held for minutes showed no lag.
        const held = page.endOfFeed && page.heldBackMatching === true;
        const previous = this.holds.get(projection);
        const hold = held
          ? { since: previous?.end === page.checkpoint ? previous.since : now, end: page.checkpoint }
          : undefined;
        if (hold) this.holds.set(projection, hold);
        else this.holds.delete(projection);
        const heldSeconds = hold ? (now - hold.since) / 1000 : 0;
        this.heldSeconds.set({ projection }, heldSeconds);
        const oldest = page.events[0];
        const oldestAge = oldest ? (now - Date.parse(oldest.recordedAt)) / 1000 : 0;
        this.lagSeconds.set({ projection }, Math.max(0, oldestAge, heldSeconds));
      }),
    );
  }
}
