// Root module of the ingest service: wires its capabilities; each capability has its own folder.
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '#platform';
import type { IngestConfig } from './ingest.config.js';

export const INGEST_CONFIG = Symbol('IngestConfig');

@Module({})
export class IngestModule {
  static create(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [HealthModule.forService('ingest')],
      providers: [{ provide: INGEST_CONFIG, useValue: config }],
      exports: [INGEST_CONFIG],
    };
  }
}
