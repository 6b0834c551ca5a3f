// releaseTransaction: its command handler and GraphQL resolver, registered together.
import { ReleaseTransactionHandler } from './release-transaction.handler.js';
import { ReleaseTransactionResolver } from './release-transaction.resolver.js';

export const releaseTransaction = [ReleaseTransactionHandler, ReleaseTransactionResolver];
