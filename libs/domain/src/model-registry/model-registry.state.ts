// The registry as a fold of its events: the registered models, the champion (decides) and the
// challenger (scores in shadow). Promoting the challenger empties the challenger seat.
import type { ModelDescription, ModelRegistryEvent } from './model-registry.events.js';

export interface RegisteredModel extends ModelDescription {
  readonly registeredBy: string;
  readonly registeredAt: string;
}

export interface ModelRegistryState {
  /** By version, in registration order. */
  readonly models: Readonly<Record<string, RegisteredModel>>;
  readonly champion: string | null;
  readonly challenger: string | null;
}

export const initialModelRegistryState: ModelRegistryState = { models: {}, champion: null, challenger: null };

export function evolveModelRegistry(
  state: ModelRegistryState,
  event: ModelRegistryEvent,
): ModelRegistryState {
  switch (event.type) {
    case 'ModelRegistered':
      return { ...state, models: { ...state.models, [event.data.version]: event.data } };
    case 'ChallengerAssigned':
      return { ...state, challenger: event.data.version };
    case 'ModelPromoted':
      return {
        ...state,
        champion: event.data.version,
        challenger: state.challenger === event.data.version ? null : state.challenger,
      };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
