// The GraphQL edge of promoteModel (supervisors): check the input, send the command, return the registry
// after it. expectedVersion is the registry version the client read (CONFLICT when it moved).
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { RequireRole } from '../../auth/roles.js';
import { commandContext } from '../../graphql/command-context.js';
import { ModelRegistry } from '../model-registry.model.js';
import { modelVersionInput } from '../model-version-input.js';
import { PromoteModelCommand } from './promote-model.command.js';

@Resolver(() => ModelRegistry)
export class PromoteModelResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequireRole('supervisor')
  @Mutation(() => ModelRegistry, { description: 'Supervisor' })
  promoteModel(
    @Context() context: ApiContext,
    @Args('version', { type: () => String }) version: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ): Promise<ModelRegistry> {
    return this.commands.execute<PromoteModelCommand, ModelRegistry>(
      new PromoteModelCommand(modelVersionInput(version), reason, commandContext(context, expectedVersion)),
    );
  }
}
