// Prometheus counters of the intake, on the service's shared registry (/metrics).
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class IntakeMetrics {
  readonly accepted: Counter<'kind'>;
  readonly rejected: Counter<'kind' | 'reason'>;

  constructor(@Inject(Registry) registry: Registry) {
    this.accepted = new Counter({
      name: 'ingest_accepted_total',
      help: 'Messages accepted and published on the bus, by kind (transaction, chargeback).',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'ingest_rejected_total',
      help: 'Requests rejected before reaching the bus, by kind and reason.',
      labelNames: ['kind', 'reason'],
      registers: [registry],
    });
  }
}
