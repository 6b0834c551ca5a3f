// The contract every EventStore adapter passes: `eventStoreContract(name, factory)` from a spec.
// Test-only (it imports @jest/globals): specs import it by relative path; it is not in the
// library's index.ts.
import { afterAll, beforeAll, describe } from '@jest/globals';
import { appendContract } from './append.contract.js';
import { feedContract } from './feed.contract.js';
import { contractUpcasters, type ContractHarness, type HarnessFactory } from './fixtures.js';
import { subscriptionContract } from './subscription.contract.js';

export * from './fixtures.js';

export interface ContractCapabilities {
  /** Appends can stay uncommitted while later ones commit (PostgreSQL): the harness has openWriter. */
  readonly outOfOrderCommits: boolean;
  /**
   * The streams of one appendMany appear in the feed in request order (PostgreSQL, in-memory; not
   * EventStoreDB, which appends a call's streams in parallel).
   */
  readonly batchOrderInFeed: boolean;
}

export function eventStoreContract(
  name: string,
  factory: HarnessFactory,
  capabilities: ContractCapabilities,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let harness: ContractHarness | undefined;
    const current = (): ContractHarness => {
      if (!harness) throw new Error('the contract harness failed to start: see the beforeAll error');
      return harness;
    };
    beforeAll(async () => {
      harness = await factory({ upcasters: contractUpcasters });
    });
    afterAll(async () => {
      await harness?.close();
    });
    describe('appends and stream reads', () => appendContract(current));
    describe('the global feed', () => feedContract(current, capabilities));
    describe('subscriptions', () => subscriptionContract(current));
  });
}
