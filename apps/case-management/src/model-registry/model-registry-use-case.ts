// The shared body of the registry's commands: load `model-registry`, fold, decide with the domain's
// decider, append with the expected version (CONFLICT on a concurrent change), and answer the
// registry after the command (read-your-own-writes).
import {
  fold,
  MODEL_REGISTRY_STREAM,
  modelRegistryDecider,
  type ModelRegistryCommand,
  type ModelRegistryEvent,
} from '#domain';
import type { EventStore } from '#eventstore';
import { executeCommand, type CommandContext } from '../event-store/execute-command.js';
import { registryOf, type RegistryView } from './model-registry.view.js';

export async function changeModelRegistry(
  store: EventStore,
  command: (now: string) => ModelRegistryCommand,
  context: CommandContext,
): Promise<RegistryView> {
  const outcome = await executeCommand(
    store,
    MODEL_REGISTRY_STREAM,
    (history, now) =>
      modelRegistryDecider.decide(
        command(now),
        fold(modelRegistryDecider, history as unknown as ModelRegistryEvent[]),
      ),
    context,
  );
  return registryOf(outcome.events);
}
