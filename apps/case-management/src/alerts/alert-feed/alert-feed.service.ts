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
import { Readiness } from '#platform';
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
  private live = false;
  private readonly logger = new Logger('AlertFeed');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

  /** True once the catch-up is over: from then on every alert event reaches subscribers. */
  get isLive(): boolean {
    return this.live;
  }

  onApplicationBootstrap(): void {
    // /ready stays 503 until subscriptions would see new alerts, so a load balancer (or a test)
    // does not send subscribers to an instance still catching up.
    this.readiness.register({
      name: 'alert-feed',
      check: () => Promise.resolve({ ok: this.live, detail: this.live ? 'live' : 'catching up' }),
    });
    this.subscription = this.store.subscribe(
      `case-management-alert-feed-${process.pid}-${Date.now()}`,
      async (events) => {
        if (!this.live || this.changes.size === 0) return;
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
          this.live = true;
        },
      },
    );
    this.subscription.done.catch((error: unknown) => {
      this.live = false;
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
