// Root module of the scoring service: wires its capabilities; each capability has its own folder.
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '#platform';
import type { ScoringConfig } from './scoring.config.js';

export const SCORING_CONFIG = Symbol('ScoringConfig');

@Module({})
export class ScoringModule {
  static create(config: ScoringConfig): DynamicModule {
    return {
      module: ScoringModule,
      imports: [HealthModule.forService('scoring')],
      providers: [{ provide: SCORING_CONFIG, useValue: config }],
      exports: [SCORING_CONFIG],
    };
  }
}
