// The GraphQL edge of unblockCustomer: check the input, send the command, return the state after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { RequireRole } from '../../auth/roles.js';
import { commandContext } from '../../graphql/command-context.js';
import { requireId } from '../../graphql/validate-input.js';
import { CustomerStatus } from '../customer-status.model.js';
import { customerVersionArg } from '../customer-use-case.js';
import { UnblockCustomerCommand } from './unblock-customer.command.js';

@Resolver(() => CustomerStatus)
export class UnblockCustomerResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequireRole('supervisor')
  @Mutation(() => CustomerStatus, { description: 'Supervisor: take a customer off the blocklist.' })
  unblockCustomer(
    @Context() context: ApiContext,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', customerVersionArg) expectedVersion?: number | null,
  ): Promise<CustomerStatus> {
    const command = new UnblockCustomerCommand(
      requireId('customerId', customerId),
      reason,
      commandContext(context, expectedVersion),
    );
    return this.commands.execute<UnblockCustomerCommand, CustomerStatus>(command);
  }
}
