// Handles BlockTransactionCommand: load the stream, decide, append with the expected version; returns the state after it.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import type { Transaction } from '../transaction.model.js';
import { decideOnTransaction } from '../transaction-use-case.js';
import { BlockTransactionCommand } from './block-transaction.command.js';

@CommandHandler(BlockTransactionCommand)
export class BlockTransactionHandler implements ICommandHandler<BlockTransactionCommand, Transaction> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ transactionId, reason, context }: BlockTransactionCommand): Promise<Transaction> {
    return decideOnTransaction(this.store, transactionId, { type: 'BlockTransaction', reason }, context);
  }
}
