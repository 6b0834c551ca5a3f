// Injection tokens of the scoring service. The event store, the bus and the customer state store
// are injected so the one-process demo (and tests) can pass in-memory ones; main.ts builds the real
// ones from configuration (see infrastructure.ts).
export const SCORING_CONFIG = Symbol('ScoringConfig');
export const SCORING_EVENT_STORE = Symbol('ScoringEventStore');
export const CUSTOMER_STATE_STORE = Symbol('CustomerStateStore');
/** Topics, the model (or its loader) and schema setup: see ScoringSetup. */
export const SCORING_SETUP = Symbol('ScoringSetup');
