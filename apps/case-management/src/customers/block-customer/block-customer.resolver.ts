// The GraphQL edge of blockCustomer: check the input, send the command, return the state after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { commandContext } from '../../graphql/command-context.js';
import { requireId } from '../../graphql/validate-input.js';
import { CustomerStatus } from '../customer-status.model.js';
import { customerVersionArg } from '../customer-use-case.js';
import { BlockCustomerCommand } from './block-customer.command.js';

@Resolver(() => CustomerStatus)
export class BlockCustomerResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => CustomerStatus, {
    description: 'Put a customer on the blocklist: their transactions are blocked.',
  })
  blockCustomer(
    @Context() context: ApiContext,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', customerVersionArg) expectedVersion?: number | null,
  ): Promise<CustomerStatus> {
    const command = new BlockCustomerCommand(
      requireId('customerId', customerId),
      reason,
      commandContext(context, expectedVersion),
    );
    return this.commands.execute<BlockCustomerCommand, CustomerStatus>(command);
  }
}
