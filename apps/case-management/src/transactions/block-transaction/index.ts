// blockTransaction: its command handler and GraphQL resolver, registered together.
import { BlockTransactionHandler } from './block-transaction.handler.js';
import { BlockTransactionResolver } from './block-transaction.resolver.js';

export const blockTransaction = [BlockTransactionHandler, BlockTransactionResolver];
