// libs/domain: the business' types and rules. Pure TypeScript: no framework, no I/O.
export * from './transaction/transaction.js';
export * from './shared/actor.js';
export * from './shared/domain-error.js';
export * from './shared/decider.js';
export * from './shared/text.js';
export * from './alert/index.js';
export * from './transaction/transaction.events.js';
export * from './transaction/transaction.decide.js';
export * from './risk-policy/risk-policy.js';
export * from './customer/customer.js';
export * from './model-registry/index.js';
