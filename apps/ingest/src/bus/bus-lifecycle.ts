// Readies the transaction bus without blocking the service's start: topics are ensured in the
// background, retried until the broker answers, so /health is up at once and /ready tells whether
// Kafka is. The bus is closed (pending sends flushed) on shutdown.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MessagingError, TRANSACTION_BUS, type TransactionBus } from '#messaging';
import { Readiness } from '#platform';

@Injectable()
export class BusLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Bus');
  private topicsReady = false;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(TRANSACTION_BUS) private readonly bus: TransactionBus,
    @Inject(Readiness) readiness: Readiness,
  ) {
    readiness.register({
      name: 'bus',
      check: async () => {
        const state = await this.bus.check();
        if (state.ok && !this.topicsReady) return { ok: false, detail: 'topics not ensured yet' };
        return state;
      },
    });
  }

  onApplicationBootstrap(): void {
    void this.prepare(1_000);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    await this.bus.close();
  }

  private async prepare(delayMs: number): Promise<void> {
    try {
      await this.bus.ensureTopics();
      this.topicsReady = true;
      this.logger.log({ msg: 'bus topics ready' });
    } catch (error) {
      const reason = MessagingError.from(error, 'ensuring topics');
      if (this.stopping) return;
      this.logger.warn({ msg: 'bus not ready, retrying', error: reason.message, retryInMs: delayMs });
      this.retryTimer = setTimeout(() => void this.prepare(Math.min(delayMs * 2, 15_000)), delayMs);
    }
  }
}
