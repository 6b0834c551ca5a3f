// The `policy` projection: customer_blocklist and risk_policy. Low volume, same batch shape.
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import {
  distinctKeys,
  foldRows,
  type Projection,
  UNREAD_TRANSACTION_FIELDS,
} from '../projection/projection.js';
import { loadRows, upsertRows } from '../projection/sql.js';
import {
  evolveBlocklistRow,
  evolveRiskPolicyRow,
  policyKey,
  type BlocklistRow,
  type RiskPolicyTableRow,
} from './policy-rows.js';

export const policyProjection: Projection = {
  name: 'policy',
  filter: {
    eventTypes: ['CustomerBlocked', 'CustomerUnblocked', 'RiskThresholdsChanged'],
    omitDataFields: UNREAD_TRANSACTION_FIELDS,
  },
  tables: ['customer_blocklist', 'risk_policy'],
  async apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const customers = events.filter((event) => event.streamId.startsWith('customer-'));
    const policies = events.filter((event) => event.streamId === 'risk-policy');
    const blocklist = foldRows(
      customers,
      await loadRows<BlocklistRow>(
        client,
        'customer_blocklist',
        'customer_id',
        distinctKeys(customers, policyKey),
      ),
      policyKey,
      evolveBlocklistRow,
    );
    const policy = foldRows(
      policies,
      await loadRows<RiskPolicyTableRow>(client, 'risk_policy', 'id', policies.length > 0 ? ['current'] : []),
      policyKey,
      evolveRiskPolicyRow,
    );
    await upsertRows(
      client,
      'customer_blocklist',
      ['customer_id'],
      [...blocklist.values()],
      'excluded.version > t.version',
    );
    await upsertRows(client, 'risk_policy', ['id'], [...policy.values()], 'excluded.version > t.version');
  },
};
