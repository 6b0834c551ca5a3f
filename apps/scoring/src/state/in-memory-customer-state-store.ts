// The customer state store in memory: the embedded demo over the in-memory bus and unit tests.
// States are stored encoded, as PostgreSQL would hold them, so nothing is shared with the caller.
import type { CustomerState } from '#ml';
import {
  decodeCustomerState,
  encodeCustomerState,
  type StoredCustomerState,
} from './customer-state-codec.js';
import {
  type CustomerStateStore,
  type CustomerStateWrite,
  isNewer,
  type SourcePosition,
} from './customer-state-store.js';

export class InMemoryCustomerStateStore implements CustomerStateStore {
  private readonly rows = new Map<string, { state: string; source: SourcePosition }>();

  get size(): number {
    return this.rows.size;
  }

  load(customerIds: readonly string[]): Promise<Map<string, CustomerState>> {
    const found = new Map<string, CustomerState>();
    for (const id of customerIds) {
      const row = this.rows.get(id);
      if (row) found.set(id, decodeCustomerState(JSON.parse(row.state) as StoredCustomerState));
    }
    return Promise.resolve(found);
  }

  save(writes: readonly CustomerStateWrite[]): Promise<void> {
    for (const { customerId, state, source } of writes) {
      const row = this.rows.get(customerId);
      if (row && !isNewer(row.source, source)) continue;
      this.rows.set(customerId, { state: JSON.stringify(encodeCustomerState(state)), source });
    }
    return Promise.resolve();
  }

  check(): Promise<{ ok: boolean; detail?: string }> {
    return Promise.resolve({ ok: true, detail: `${this.rows.size} customer(s) in memory` });
  }
}
