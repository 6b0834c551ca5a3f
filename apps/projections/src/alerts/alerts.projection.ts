// The `alerts` projection: fraud_alerts (the analysts' queue) and alert_timeline (its audit trail).
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import {
  distinctKeys,
  foldRows,
  type Projection,
  UNREAD_TRANSACTION_FIELDS,
} from '../projection/projection.js';
import { insertNewRows, loadRows, upsertRows } from '../projection/sql.js';
import { ALERT_EVENT_TYPES, alertKey, evolveAlertRow, timelineRow, type AlertRow } from './alert-row.js';

export const alertsProjection: Projection = {
  name: 'alerts',
  filter: {
    eventTypes: [...ALERT_EVENT_TYPES],
    streamPrefixes: ['alert-'],
    omitDataFields: UNREAD_TRANSACTION_FIELDS,
  },
  tables: ['fraud_alerts', 'alert_timeline'],
  async apply(events: readonly RecordedEvent[], client: pg.ClientBase): Promise<void> {
    const loaded = await loadRows<AlertRow>(
      client,
      'fraud_alerts',
      'alert_id',
      distinctKeys(events, alertKey),
    );
    const changed = foldRows(events, loaded, alertKey, evolveAlertRow);
    await upsertRows(
      client,
      'fraud_alerts',
      ['alert_id'],
      [...changed.values()],
      'excluded.version > t.version',
    );
    await insertNewRows(client, 'alert_timeline', ['alert_id', 'version'], events.map(timelineRow));
  },
};
