// Root module of the ingest service: wires its capabilities; each capability has its own folder.
// The transaction bus comes in as a provider of TRANSACTION_BUS: Kafka for the standalone service
// (ingest.service.ts), the in-memory bus in the one-process demo and in tests.
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { KafkaTransactionBus, TRANSACTION_BUS } from '#messaging';
import { HealthModule } from '#platform';
import { BusLifecycle } from './bus/bus-lifecycle.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { mountJsonBody } from './http/json-body.js';
import type { IngestConfig } from './ingest.config.js';
import { IntakeController } from './intake/intake.controller.js';
import { IntakeMetrics } from './intake/intake.metrics.js';

export const INGEST_CONFIG = Symbol('IngestConfig');
const JSON_BODY = Symbol('JsonBody');

/** The Kafka bus of the standalone service, from its configuration. */
export const kafkaBusProvider = (config: IngestConfig): Provider => ({
  provide: TRANSACTION_BUS,
  useFactory: () =>
    new KafkaTransactionBus({
      brokers: config.KAFKA_BROKERS,
      clientId: 'ingest',
      partitions: config.KAFKA_PARTITIONS,
    }),
});

@Module({})
export class IngestModule {
  static create(config: IngestConfig, bus: Provider = kafkaBusProvider(config)): DynamicModule {
    return {
      module: IngestModule,
      imports: [HealthModule.forService('ingest')],
      controllers: [IntakeController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        bus,
        IntakeMetrics,
        BusLifecycle,
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        {
          // Runs while the module is created, before Nest mounts its default 100 KiB JSON parser.
          provide: JSON_BODY,
          inject: [HttpAdapterHost],
          useFactory: (host: HttpAdapterHost) => {
            const instance: unknown = host.httpAdapter?.getInstance();
            if (instance) mountJsonBody(instance as Parameters<typeof mountJsonBody>[0]);
            return true;
          },
        },
      ],
      exports: [INGEST_CONFIG, TRANSACTION_BUS],
    };
  }
}
