// The risk policy and the customer blocklist as of the start of a batch. Before each batch the view
// reads the global feed from its own checkpoint, filtered to the `risk-policy` and `customer-` streams
// (in steady state one short query: the checkpoint moves past the filtered-out transaction events),
// so a threshold change or a block is in force for the next batch, without a restart and without a
// subscription to keep alive. The PostgreSQL feed shows a committed event only once every
// transaction that began before it has ended (FeedPage.heldBack), so under concurrent writers a
// threshold change committed before the batch could still be hidden there: when the feed says events
// of these streams are held back (FeedPage.heldBackMatching), the `risk-policy` stream is read as well (one indexed query from
// the version the view has), so thresholds are never older than the batch. Blocks come from the feed
// alone and can lag by that much (the oldest open transaction, milliseconds with short appends).
// Until 2026-12-05 both were read before every batch, two round trips where one now does
// (docs/SCORING.md, "The risk policy").
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
/** The feed read takes these streams: `risk-policy` itself, and every `customer-<id>`. */
const WATCHED_PREFIXES = [RISK_POLICY_STREAM, CUSTOMER_PREFIX];
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
    const heldBack = await this.readFeed();
    if (!heldBack) return;
    // A threshold change may be among the hidden events: the stream has it already.
    for (const event of await this.store.readStream(RISK_POLICY_STREAM, {
      fromVersion: this.policyStreamRead + 1,
    }))
      this.apply(event);
  }

  /** Whether the feed's last page said events of these streams are held back. */
  private async readFeed(): Promise<boolean> {
    for (;;) {
      const page = await this.store.readAll(this.checkpoint, PAGE, { streamPrefixes: WATCHED_PREFIXES });
      for (const event of page.events) this.apply(event);
      this.checkpoint = page.checkpoint;
      // An adapter that does not tell which hidden events match: any hidden one could be a change.
      if (page.endOfFeed) return (page.heldBackMatching ?? page.heldBack) === true;
    }
  }

  private apply(event: RecordedEvent): void {
    if (event.streamId === RISK_POLICY_STREAM) {
      // Seen already (from the stream, or earlier in the feed): the newest version wins.
      if (event.streamVersion <= this.policyStreamRead) return;
      this.policyStreamRead = event.streamVersion;
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
