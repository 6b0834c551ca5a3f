// Block / release a transaction (releasing a system-blocked transaction clears a false positive):
// CommandBus request, its handler (load, decide, append with the expected version) and the GraphQL
// mutations, which return the transaction as it is after the command.
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { transactionDecider, transactionStreamId } from '#domain';
import type { EventStore } from '#eventstore';
import type { ApiContext } from '../auth/api-context.js';
import { EVENT_STORE } from '../event-store/event-store.module.js';
import { executeCommand, type CommandContext } from '../event-store/execute-command.js';
import { ApiError } from '../graphql/api-error.js';
import { optionalVersion, requireId } from '../graphql/validate-input.js';
import { Transaction } from './transaction.model.js';
import { transactionStateOf, transactionViewOf } from './transaction-view.js';

export class TransactionCommandRequest {
  constructor(
    readonly transactionId: string,
    readonly type: 'BlockTransaction' | 'ReleaseTransaction',
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(TransactionCommandRequest)
export class TransactionCommandHandler implements ICommandHandler<TransactionCommandRequest, Transaction> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ transactionId, type, reason, context }: TransactionCommandRequest): Promise<Transaction> {
    const outcome = await executeCommand(
      this.store,
      transactionStreamId(transactionId),
      (history, now) =>
        transactionDecider.decide({ type, reason, actor: context.actor, now }, transactionStateOf(history)),
      context,
    );
    const view = transactionViewOf(outcome.events);
    if (!view) throw new ApiError('NOT_FOUND', `No transaction ${transactionId}: check the id`);
    return view;
  }
}

const versionArg = { type: () => Int, nullable: true } as const;

@Resolver(() => Transaction)
export class TransactionMutationsResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  private run(
    context: ApiContext,
    id: string,
    type: TransactionCommandRequest['type'],
    reason: string,
    expectedVersion?: number | null,
  ) {
    return this.commands.execute<TransactionCommandRequest, Transaction>(
      new TransactionCommandRequest(requireId('id', id), type, reason, {
        actor: context.actor!,
        correlationId: context.correlationId,
        expectedVersion: optionalVersion(expectedVersion),
      }),
    );
  }

  @Mutation(() => Transaction, { description: 'Stop a transaction, with a reason.' })
  blockTransaction(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Transaction> {
    return this.run(context, id, 'BlockTransaction', reason, expectedVersion);
  }

  @Mutation(() => Transaction, {
    description: 'Let a blocked transaction through (clears a false positive).',
  })
  releaseTransaction(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion?: number | null,
  ): Promise<Transaction> {
    return this.run(context, id, 'ReleaseTransaction', reason, expectedVersion);
  }
}
