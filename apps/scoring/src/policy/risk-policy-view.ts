// The risk policy and the customer blocklist as of the start of a batch. Before each batch the view
// reads what is new on the `risk-policy` stream (one indexed query from the version it has) and the
// global feed from its own checkpoint filtered to `customer-` streams (in steady state one short
// query: the checkpoint moves past the filtered-out transaction events), so a threshold change or a
// block is in force for the next batch, without a restart and without a subscription to keep alive.
// Thresholds are read by stream, not from the feed: the PostgreSQL feed shows a committed event only
// once every transaction that began before it has ended (FeedPage.heldBack), so under concurrent
// writers a change committed before the batch could still be invisible there. Blocks come from the
// feed and can lag by that much (the oldest open transaction, milliseconds with short appends).
// Defaults (no change recorded yet) come from the model.
// Partitions are scored concurrently: callers arriving while a read is under way share one follow-up
// read (the one under way may have started before their batch), so the feed is read at most twice
// at a time whatever the number of partitions, and events are applied in feed order.
// A caller says as of when it needs the policy (`asOf`: when its batch was handed over, by
// performance.now()): a read that began at or after that moment serves it without a round trip.
// Slices that queued behind others of their partition are served by the read of an earlier slice
// that began after they arrived, so at 1,000 tx/s the reads no longer pace the partitions.
import { type CustomerEvent, RISK_POLICY_STREAM, type RiskPolicyEvent, type RiskThresholds } from '#domain';
import { type EventStore, type FeedPosition, type RecordedEvent, START } from '#eventstore';
import type { PolicySnapshot } from '../pipeline/transaction-facts.js';

const CUSTOMER_PREFIX = 'customer-';
const PAGE = 1_000;

export class RiskPolicyView {
  private checkpoint: FeedPosition = START;
  private thresholds: RiskThresholds;
  private version = 0;
  /** Version of the `risk-policy` stream read so far (it may hold other events than changes). */
  private policyStreamRead = 0;
  private readonly blocked = new Set<string>();
  private reading: Promise<void> | undefined;
  /** When the read under way began. */
  private readingSince = 0;
  /** When the last completed read began: every change recorded before then is applied. */
  private readSince = Number.NEGATIVE_INFINITY;
  private followUp: Promise<void> | undefined;
  /** The latest `asOf` among the callers waiting for the follow-up read. */
  private followUpAsOf = 0;

  constructor(
    private readonly store: EventStore,
    defaults: RiskThresholds,
  ) {
    this.thresholds = defaults;
  }

  /**
   * The policy in force at `asOf` (default: now) or later: catches up with the feed unless a read
   * that began at or after `asOf` already did.
   */
  async current(asOf: number = performance.now()): Promise<PolicySnapshot> {
    if (this.readSince < asOf) await this.catchUp(asOf);
    const blocked = this.blocked;
    return {
      ...this.thresholds,
      version: this.version,
      isBlocked: (customerId) => blocked.has(customerId),
    };
  }

  private catchUp(asOf: number): Promise<void> {
    if (this.reading === undefined) {
      const since = performance.now();
      this.readingSince = since;
      this.reading = this.read()
        .then(() => {
          this.readSince = Math.max(this.readSince, since);
        })
        .finally(() => {
          this.reading = undefined;
        });
      return this.reading;
    }
    if (this.readingSince >= asOf) return this.reading;
    // The caller's batch arrived after the read under way began: it needs the next read.
    this.followUpAsOf = this.followUp ? Math.max(this.followUpAsOf, asOf) : asOf;
    this.followUp ??= this.reading
      .catch(() => undefined) // that read's own callers get its error; this one reads again
      .then(() => {
        this.followUp = undefined;
        return this.catchUp(this.followUpAsOf);
      });
    return this.followUp;
  }

  private async read(): Promise<void> {
    // Both settle before the read ends, failed or not: a blocklist read still paging when the next
    // read starts would apply the same events twice, out of order.
    const [stream, blocklist] = await Promise.allSettled([
      this.store.readStream(RISK_POLICY_STREAM, { fromVersion: this.policyStreamRead + 1 }),
      this.readBlocklist(),
    ]);
    if (stream.status === 'rejected') throw stream.reason;
    if (blocklist.status === 'rejected') throw blocklist.reason;
    const changes = stream.value;
    for (const event of changes) {
      this.apply(event);
      this.policyStreamRead = event.streamVersion;
    }
  }

  private async readBlocklist(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll(this.checkpoint, PAGE, { streamPrefixes: [CUSTOMER_PREFIX] });
      for (const event of page.events) this.apply(event);
      this.checkpoint = page.checkpoint;
      if (page.endOfFeed) return;
    }
  }

  private apply(event: RecordedEvent): void {
    if (event.streamId === RISK_POLICY_STREAM) {
      if (event.type !== 'RiskThresholdsChanged') return;
      const { reviewThreshold, blockThreshold } = (event as unknown as RiskPolicyEvent).data;
      this.thresholds = { reviewThreshold, blockThreshold };
      this.version = event.streamVersion;
      return;
    }
    if (!event.streamId.startsWith(CUSTOMER_PREFIX)) return;
    const customerEvent = event as unknown as CustomerEvent;
    switch (customerEvent.type) {
      case 'CustomerBlocked':
        this.blocked.add(customerEvent.data.customerId);
        return;
      case 'CustomerUnblocked':
        this.blocked.delete(customerEvent.data.customerId);
        return;
      default:
        // Other facts on customer streams (none today) do not change the blocklist.
        return;
    }
  }
}
