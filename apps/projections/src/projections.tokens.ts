// Injection tokens of the projections service.
export const PROJECTIONS_CONFIG = Symbol('ProjectionsConfig');
