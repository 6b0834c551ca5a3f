// The `alerts` projection: fraud_alerts (the analysts' queue) and alert_timeline (its audit trail).
import type { RecordedEvent } from '#eventstore';
import type pg from 'pg';
import { foldAndWrite } from '../projection/fold-and-write.js';
import { type Projection, UNREAD_TRANSACTION_FIELDS } from '../projection/projection.js';
import { insertNewRows } from '../projection/sql.js';
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
    await foldAndWrite<AlertRow>(client, events, {
      table: 'fraud_alerts',
      keyColumn: 'alert_id',
      keyOf: alertKey,
      evolve: evolveAlertRow,
      startsRow: (event) => event.streamVersion === 1,
      guard: 'excluded.version > t.version',
    });
    await insertNewRows(client, 'alert_timeline', ['alert_id', 'version'], events.map(timelineRow));
  },
};
