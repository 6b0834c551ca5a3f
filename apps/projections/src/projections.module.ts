// Root module of the projections service: wires its capabilities; each capability has its own folder.
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '#platform';
import type { ProjectionsConfig } from './projections.config.js';
import { PROJECTIONS_CONFIG } from './projections.tokens.js';
import { ProjectionsRuntime } from './runner/projections-runtime.js';

export { PROJECTIONS_CONFIG };

@Module({})
export class ProjectionsModule {
  static create(config: ProjectionsConfig): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [HealthModule.forService('projections')],
      providers: [{ provide: PROJECTIONS_CONFIG, useValue: config }, ProjectionsRuntime],
      exports: [PROJECTIONS_CONFIG],
    };
  }
}
