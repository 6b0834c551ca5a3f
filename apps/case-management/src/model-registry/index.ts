// The model lifecycle's API: the registry (models, modelRegistry), the champion / challenger
// comparison, and the supervisor's assignChallenger / promoteModel. Listed by CapabilitiesModule.
import { assignChallenger } from './assign-challenger/index.js';
import { ModelComparisonResolver } from './compare-models/model-comparison.resolver.js';
import { ListModelsResolver } from './list-models/list-models.resolver.js';
import { promoteModel } from './promote-model/index.js';

export const modelRegistryProviders = [
  ListModelsResolver,
  ModelComparisonResolver,
  ...assignChallenger,
  ...promoteModel,
];
