// Gives every service the same /health, /ready and /metrics, plus a shared Readiness registry and
// Prometheus registry that its other modules add to.
import { type DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HealthController } from './health.controller.js';
import { Readiness } from './readiness.js';
import { SERVICE_NAME } from './tokens.js';

@Module({})
export class HealthModule {
  static forService(service: string): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: registry });
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: Readiness, useValue: new Readiness() },
        { provide: Registry, useValue: registry },
      ],
      exports: [Readiness, Registry, SERVICE_NAME],
    };
  }
}
