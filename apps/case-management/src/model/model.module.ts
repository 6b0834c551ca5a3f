// The model metadata and the default thresholds derived from it, for the risk policy and tuning.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DEFAULT_THRESHOLDS } from '../risk-policy/risk-policy.model.js';
import { defaultThresholds, loadModelMetadata } from './model-metadata.js';

export const MODEL_METADATA = Symbol('ModelMetadata');

@Global()
@Module({})
export class ModelModule {
  static create(modelPath: string | undefined): DynamicModule {
    const metadata = loadModelMetadata(modelPath);
    return {
      module: ModelModule,
      providers: [
        { provide: MODEL_METADATA, useValue: metadata },
        { provide: DEFAULT_THRESHOLDS, useValue: defaultThresholds(metadata) },
      ],
      exports: [MODEL_METADATA, DEFAULT_THRESHOLDS],
    };
  }
}
