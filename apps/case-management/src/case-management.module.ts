// Root module of the case-management service: wires its capabilities; each capability has its own folder.
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '#platform';
import type { CaseManagementConfig } from './case-management.config.js';

export const CASE_MANAGEMENT_CONFIG = Symbol('CaseManagementConfig');

@Module({})
export class CaseManagementModule {
  static create(config: CaseManagementConfig): DynamicModule {
    return {
      module: CaseManagementModule,
      imports: [HealthModule.forService('case-management')],
      providers: [{ provide: CASE_MANAGEMENT_CONFIG, useValue: config }],
      exports: [CASE_MANAGEMENT_CONFIG],
    };
  }
}
