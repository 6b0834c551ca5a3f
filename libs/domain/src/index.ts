// libs/domain: the business' types and rules. Pure TypeScript: no framework, no I/O.
export * from './transaction/transaction.js';
