// The risk policy and the customer blocklist as of the start of a batch. Before each batch the view
// reads the global feed from its own checkpoint, filtered to `risk-policy` and `customer-` streams:
// in steady state that is one short query (the checkpoint moves past the filtered-out transaction
// events), so a threshold change or a block is in force for the very next batch, without a restart
// and without a subscription to keep alive. Defaults (no change recorded yet) come from the model.
import { type CustomerEvent, RISK_POLICY_STREAM, type RiskPolicyEvent, type RiskThresholds } from '#domain';
import { type EventStore, type FeedPosition, type RecordedEvent, START } from '#eventstore';
import type { PolicySnapshot } from '../pipeline/transaction-facts.js';

const CUSTOMER_PREFIX = 'customer-';
const PAGE = 1_000;

export class RiskPolicyView {
  private checkpoint: FeedPosition = START;
  private thresholds: RiskThresholds;
  private version = 0;
  private readonly blocked = new Set<string>();

  constructor(
    private readonly store: EventStore,
    defaults: RiskThresholds,
  ) {
    this.thresholds = defaults;
  }

  /** Catches up with the feed and returns the policy in force now. */
  async current(): Promise<PolicySnapshot> {
    for (;;) {
      const page = await this.store.readAll(this.checkpoint, PAGE, {
        streamPrefixes: [RISK_POLICY_STREAM, CUSTOMER_PREFIX],
      });
      for (const event of page.events) this.apply(event);
      this.checkpoint = page.checkpoint;
      if (page.endOfFeed) break;
    }
    const blocked = this.blocked;
    return {
      ...this.thresholds,
      version: this.version,
      isBlocked: (customerId) => blocked.has(customerId),
    };
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
