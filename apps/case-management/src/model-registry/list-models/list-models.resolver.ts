// `models` and `modelRegistry`: the registry folded from the `model-registry` stream. The stream is
// small (a few events per model) and read whole each time, so the answer is always exact.
import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { MODEL_REGISTRY_STREAM } from '#domain';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { ModelRegistry, RegisteredModelView } from '../model-registry.model.js';
import { registryOf, type RegistryView } from '../model-registry.view.js';

@Resolver()
export class ListModelsResolver {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  private async registry(): Promise<RegistryView> {
    return registryOf(await this.store.readStream(MODEL_REGISTRY_STREAM));
  }

  @Query(() => [RegisteredModelView], {
    description:
      'Every registered model with its metrics and file hash, whether it is champion or challenger, and who chose so.',
  })
  async models(): Promise<RegisteredModelView[]> {
    return [...(await this.registry()).models] as RegisteredModelView[];
  }

  @Query(() => ModelRegistry, {
    description: 'The registry: champion, challenger, models, and its version (for expectedVersion).',
  })
  async modelRegistry(): Promise<ModelRegistry> {
    return (await this.registry()) as ModelRegistry;
  }
}
