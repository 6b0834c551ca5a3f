// Facts of the model lifecycle, recorded on the one `model-registry` stream: which models exist (with
// the hash of the file that was evaluated, so a swapped file is noticed), which one decides
// (champion) and which one scores in shadow beside it (challenger), and who chose so and why.
export const MODEL_REGISTRY_STREAM = 'model-registry';

/** Headline evaluation of a model (from its metadata): null where the evaluation had no answer. */
export interface ModelMetrics {
  readonly rocAuc: number | null;
  readonly prAuc: number | null;
  readonly precisionAtReview: number | null;
  readonly recallAtReview: number | null;
  readonly precisionAtBlock: number | null;
  readonly recallAtBlock: number | null;
}

export interface ModelDescription {
  /** The model's own version (its metadata's `version`), unique in the registry. */
  readonly version: string;
  readonly modelType: string;
  readonly featureSpecVersion: string;
  /** sha256 of the .onnx file, lower-case hex. */
  readonly fileHash: string;
  /** Thresholds the model's evaluation suggests (the policy in force may differ). */
  readonly thresholds: { readonly review: number; readonly block: number };
  readonly metrics: ModelMetrics;
}

export type ModelRegistryEvent =
  | {
      readonly type: 'ModelRegistered';
      readonly data: ModelDescription & { readonly registeredBy: string; readonly registeredAt: string };
    }
  | {
      readonly type: 'ChallengerAssigned';
      readonly data: {
        readonly version: string;
        /** The challenger it replaces, if any. */
        readonly previousChallenger: string | null;
        readonly assignedBy: string;
        readonly reason: string;
        readonly assignedAt: string;
      };
    }
  | {
      readonly type: 'ModelPromoted';
      readonly data: {
        readonly version: string;
        readonly previousChampion: string | null;
        readonly promotedBy: string;
        readonly reason: string;
        readonly promotedAt: string;
      };
    };

export type ModelRegistryEventType = ModelRegistryEvent['type'];
