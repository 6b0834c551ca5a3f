// The model registry as the API shows it, folded from the small `model-registry` stream with the
// domain's evolveModelRegistry (so champion / challenger are exactly what scoring follows), plus who
// chose each model for its seat, when and why (the last ChallengerAssigned / ModelPromoted naming it).
// version = stream version: pass it as `expectedVersion` to assignChallenger / promoteModel.
import {
  evolveModelRegistry,
  initialModelRegistryState,
  type ModelRegistryEvent,
  type RegisteredModel,
} from '#domain';
import type { StoredEnvelope } from '../event-store/execute-command.js';

export interface SeatChange {
  readonly by: string;
  readonly reason: string;
  readonly at: string;
  /** The model that held the seat before (null: it was empty). */
  readonly replaced: string | null;
}

export interface ModelView extends RegisteredModel {
  readonly isChampion: boolean;
  readonly isChallenger: boolean;
  /** The last time this model was promoted to champion. */
  readonly lastPromotion: SeatChange | null;
  /** The last time this model was assigned as challenger. */
  readonly lastChallengerAssignment: SeatChange | null;
}

export interface RegistryView {
  readonly version: number;
  readonly champion: string | null;
  readonly challenger: string | null;
  /** In registration order. */
  readonly models: readonly ModelView[];
}

export function registryOf(events: readonly StoredEnvelope[]): RegistryView {
  const typed = events as unknown as readonly ModelRegistryEvent[];
  const promotions = new Map<string, SeatChange>();
  const assignments = new Map<string, SeatChange>();
  // Registration order kept here: object keys that look like integers ("2") would be reordered.
  const order: string[] = [];
  let state = initialModelRegistryState;
  for (const event of typed) {
    state = evolveModelRegistry(state, event);
    if (event.type === 'ModelRegistered' && !order.includes(event.data.version)) {
      order.push(event.data.version);
    } else if (event.type === 'ModelPromoted') {
      const { version, promotedBy, reason, promotedAt, previousChampion } = event.data;
      promotions.set(version, { by: promotedBy, reason, at: promotedAt, replaced: previousChampion });
    } else if (event.type === 'ChallengerAssigned') {
      const { version, assignedBy, reason, assignedAt, previousChallenger } = event.data;
      assignments.set(version, { by: assignedBy, reason, at: assignedAt, replaced: previousChallenger });
    }
  }
  const final = state;
  const view = (model: RegisteredModel): ModelView => ({
    ...model,
    isChampion: final.champion === model.version,
    isChallenger: final.challenger === model.version,
    lastPromotion: promotions.get(model.version) ?? null,
    lastChallengerAssignment: assignments.get(model.version) ?? null,
  });
  return {
    version: events.length,
    champion: state.champion,
    challenger: state.challenger,
    models: order.flatMap((version) => {
      const model = state.models[version];
      return model ? [view(model)] : [];
    }),
  };
}
