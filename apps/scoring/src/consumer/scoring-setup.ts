// What the scoring worker needs besides its ports: topic names, how to get the model, and the
// schema work to do before consuming (event store + customer state migrations on PostgreSQL).
import { TOPICS, type TopicNames } from '#messaging';
import { loadScoringModel, type ScoringModel } from '../model/scoring-model.js';

export interface ScoringSetup {
  readonly topics: TopicNames;
  loadModel(): Promise<ScoringModel>;
  /** Idempotent; retried with back-off while the database is unreachable. */
  migrate(): Promise<void>;
  /** Releases what the module created (pools, clients) at shutdown. */
  close(): Promise<void>;
}

export const defaultSetup = (modelPath: string, overrides: Partial<ScoringSetup> = {}): ScoringSetup => ({
  topics: TOPICS,
  loadModel: () => loadScoringModel(modelPath),
  migrate: () => Promise.resolve(),
  close: () => Promise.resolve(),
  ...overrides,
});
