// The GraphQL edge of blockTransaction: check the input, send the command, return the state after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { commandContext } from '../../graphql/command-context.js';
import { requireId } from '../../graphql/validate-input.js';
import { Transaction } from '../transaction.model.js';
import { transactionVersionArg } from '../transaction-use-case.js';
import { BlockTransactionCommand } from './block-transaction.command.js';

@Resolver(() => Transaction)
export class BlockTransactionResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => Transaction, { description: 'Stop a transaction, with a reason.' })
  blockTransaction(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', transactionVersionArg) expectedVersion?: number | null,
  ): Promise<Transaction> {
    const command = new BlockTransactionCommand(
      requireId('id', id),
      reason,
      commandContext(context, expectedVersion),
    );
    return this.commands.execute<BlockTransactionCommand, Transaction>(command);
  }
}
