export * from './model-registry.events.js';
export * from './model-registry.state.js';
export * from './model-registry.decide.js';
