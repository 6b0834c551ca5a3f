// The source of `alertRaised` / `alertUpdated`: an event-store subscription to `alert-` streams from
// the live position (events older than the moment the API started are skipped during catch-up; the
// checkpoint is kept in memory, as a live feed has nothing to resume). Each live alert event is
// published with the alert folded from its stream, so subscribers see the state after that event.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { alertStreamId } from '#domain';
import { InMemoryCheckpointStore, type EventStore, type Subscription } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { toAlert } from '../alert-mapping.js';
import type { Alert } from '../alert.model.js';
import { alertViewOf } from '../alert-view.js';
import { LiveHub } from './live-hub.js';

export interface AlertChange {
  readonly eventType: string;
  readonly alert: Alert;
}

@Injectable()
export class AlertFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly changes = new LiveHub<AlertChange>();
  private subscription: Subscription | undefined;
  private readonly logger = new Logger('AlertFeed');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onApplicationBootstrap(): void {
    let live = false;
    this.subscription = this.store.subscribe(
      `case-management-alert-feed-${process.pid}-${Date.now()}`,
      async (events) => {
        if (!live || this.changes.size === 0) return;
        for (const event of events) {
          const alertId =
            typeof event.data.alertId === 'string' ? event.data.alertId : event.streamId.slice(6);
          // The stream up to this event: a subscriber sees the state right after it.
          const history = await this.store.readStream(alertStreamId(alertId), { limit: event.streamVersion });
          const view = alertViewOf(history);
          if (view) this.changes.publish({ eventType: event.type, alert: toAlert(view) });
        }
      },
      {
        checkpoints: new InMemoryCheckpointStore(),
        filter: { streamPrefixes: ['alert-'] },
        onCaughtUp: () => {
          live = true;
        },
      },
    );
    this.subscription.done.catch((error: unknown) => {
      this.logger.error({
        msg: 'alert feed stopped: subscriptions receive nothing until restart',
        error: String(error),
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
