export * from './alert.events.js';
export * from './alert.state.js';
export * from './alert.decide.js';
