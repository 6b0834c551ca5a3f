// What may be done to the registry. Registering is what a deployment (the system) or a supervisor
// does, and is idempotent for the same file; choosing the challenger or the champion changes what
// decides on live payments, so only a supervisor may, with a reason.
import { actorId, isSupervisor, type Actor, type Person } from '../shared/actor.js';
import type { Decider } from '../shared/decider.js';
import { forbidden, invalidInput, invalidState, notFound } from '../shared/domain-error.js';
import { requiredText } from '../shared/text.js';
import type { ModelDescription, ModelRegistryEvent } from './model-registry.events.js';
import {
  evolveModelRegistry,
  initialModelRegistryState,
  type ModelRegistryState,
} from './model-registry.state.js';

export type ModelRegistryCommand =
  | {
      readonly type: 'RegisterModel';
      readonly model: ModelDescription;
      readonly actor: Actor;
      readonly now: string;
    }
  | {
      readonly type: 'AssignChallenger';
      readonly version: string;
      readonly reason: string;
      readonly actor: Person;
      readonly now: string;
    }
  | {
      readonly type: 'PromoteModel';
      readonly version: string;
      readonly reason: string;
      readonly actor: Person;
      readonly now: string;
    };

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_VERSION_LENGTH = 200;

function validateDescription(model: ModelDescription): void {
  const version = model.version.trim();
  if (version.length === 0 || version !== model.version || version.length > MAX_VERSION_LENGTH) {
    throw invalidInput(
      `version "${model.version}" is not usable: give 1-${MAX_VERSION_LENGTH} characters without surrounding spaces (the metadata's "version")`,
    );
  }
  if (!SHA256_HEX.test(model.fileHash)) {
    throw invalidInput(
      `fileHash must be the sha256 of the .onnx file in lower-case hex, got "${model.fileHash}"`,
    );
  }
  const { review, block } = model.thresholds;
  if (!(review >= 0 && review <= 1 && block >= 0 && block <= 1 && review <= block)) {
    throw invalidInput(`thresholds must satisfy 0 <= review (${review}) <= block (${block}) <= 1`);
  }
}

function registered(state: ModelRegistryState, version: string): void {
  if (!state.models[version]) {
    const known = Object.keys(state.models);
    throw notFound(
      `Model ${version} is not registered; register it first (known: ${known.length > 0 ? known.join(', ') : 'none'})`,
    );
  }
}

export function decideModelRegistry(
  command: ModelRegistryCommand,
  state: ModelRegistryState,
): ModelRegistryEvent[] {
  switch (command.type) {
    case 'RegisterModel': {
      if (command.actor !== 'system' && !isSupervisor(command.actor)) {
        throw forbidden('Only a supervisor (or a deployment) may register a model');
      }
      validateDescription(command.model);
      const existing = state.models[command.model.version];
      if (existing) {
        if (existing.fileHash === command.model.fileHash) return []; // the same file again: already done
        throw invalidState(
          `Model ${command.model.version} is already registered with file hash ${existing.fileHash}, not ${command.model.fileHash}: give a changed model a new version`,
        );
      }
      return [
        {
          type: 'ModelRegistered',
          data: { ...command.model, registeredBy: actorId(command.actor), registeredAt: command.now },
        },
      ];
    }
    case 'AssignChallenger': {
      if (!isSupervisor(command.actor)) throw forbidden('Only a supervisor may assign a challenger model');
      const reason = requiredText('reason', command.reason);
      registered(state, command.version);
      if (state.champion === command.version) {
        throw invalidState(`Model ${command.version} is the champion; a challenger must be another model`);
      }
      if (state.challenger === command.version) {
        throw invalidState(`Model ${command.version} is already the challenger`);
      }
      return [
        {
          type: 'ChallengerAssigned',
          data: {
            version: command.version,
            previousChallenger: state.challenger,
            assignedBy: command.actor.id,
            reason,
            assignedAt: command.now,
          },
        },
      ];
    }
    case 'PromoteModel': {
      if (!isSupervisor(command.actor)) throw forbidden('Only a supervisor may promote a model');
      const reason = requiredText('reason', command.reason);
      registered(state, command.version);
      if (state.champion === command.version) {
        throw invalidState(`Model ${command.version} is already the champion`);
      }
      return [
        {
          type: 'ModelPromoted',
          data: {
            version: command.version,
            previousChampion: state.champion,
            promotedBy: command.actor.id,
            reason,
            promotedAt: command.now,
          },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export const modelRegistryDecider: Decider<ModelRegistryCommand, ModelRegistryEvent, ModelRegistryState> = {
  initialState: initialModelRegistryState,
  decide: decideModelRegistry,
  evolve: evolveModelRegistry,
};
