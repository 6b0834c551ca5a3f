// Block / unblock a customer (unblock: supervisors). A blocked customer's transactions are BLOCK
// whatever their score. Returns the customer's blocklist state after the command.
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Args, Context, Field, ID, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { customerDecider, customerStreamId, fold, type CustomerEvent } from '#domain';
import type { EventStore } from '#eventstore';
import type { ApiContext } from '../auth/api-context.js';
import { RequireRole } from '../auth/roles.js';
import { EVENT_STORE } from '../event-store/event-store.module.js';
import { executeCommand, type CommandContext } from '../event-store/execute-command.js';
import { optionalVersion, requireId } from '../graphql/validate-input.js';

@ObjectType()
export class CustomerStatus {
  @Field(() => ID)
  customerId!: string;
  @Field(() => Boolean)
  blocked!: boolean;
  @Field(() => String)
  reason!: string;
  @Field(() => String)
  changedBy!: string;
  @Field(() => String)
  changedAt!: string;
  @Field(() => Int)
  version!: number;
}

export class CustomerCommandRequest {
  constructor(
    readonly customerId: string,
    readonly type: 'BlockCustomer' | 'UnblockCustomer',
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CustomerCommandRequest)
export class CustomerCommandHandler implements ICommandHandler<CustomerCommandRequest, CustomerStatus> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ customerId, type, reason, context }: CustomerCommandRequest): Promise<CustomerStatus> {
    const outcome = await executeCommand(
      this.store,
      customerStreamId(customerId),
      (history, now) =>
        customerDecider.decide(
          { type, customerId, reason, actor: context.actor, now },
          fold(customerDecider, history as unknown as CustomerEvent[]),
        ),
      context,
    );
    const last = outcome.events.at(-1) as unknown as CustomerEvent;
    return {
      customerId,
      blocked: last.type === 'CustomerBlocked',
      reason: last.data.reason,
      changedBy: last.data.by,
      changedAt: last.data.at,
      version: outcome.version,
    };
  }
}

const versionArg = { type: () => Int, nullable: true } as const;

@Resolver(() => CustomerStatus)
export class CustomerMutationsResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  private run(
    context: ApiContext,
    id: string,
    type: CustomerCommandRequest['type'],
    reason: string,
    expectedVersion?: number | null,
  ) {
    return this.commands.execute<CustomerCommandRequest, CustomerStatus>(
      new CustomerCommandRequest(requireId('customerId', id), type, reason, {
        actor: context.actor!,
        correlationId: context.correlationId,
        expectedVersion: optionalVersion(expectedVersion),
      }),
    );
  }

  @Mutation(() => CustomerStatus, {
    description: 'Put a customer on the blocklist: their transactions are blocked.',
  })
  blockCustomer(
    @Context() context: ApiContext,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<CustomerStatus> {
    return this.run(context, customerId, 'BlockCustomer', reason, expectedVersion);
  }

  @RequireRole('supervisor')
  @Mutation(() => CustomerStatus, { description: 'Supervisor: take a customer off the blocklist.' })
  unblockCustomer(
    @Context() context: ApiContext,
    @Args('customerId', { type: () => ID }) customerId: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<CustomerStatus> {
    return this.run(context, customerId, 'UnblockCustomer', reason, expectedVersion);
  }
}
