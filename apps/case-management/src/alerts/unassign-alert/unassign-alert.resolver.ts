// The GraphQL edge of unassignAlert: check the input, send the command, return the alert after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { commandContext } from '../../graphql/command-context.js';
import { requireId } from '../../graphql/validate-input.js';
import { Alert } from '../alert.model.js';
import { toAlert } from '../alert-mapping.js';
import { alertVersionArg } from '../alert-use-case.js';
import type { AlertView } from '../alert-view.js';
import { UnassignAlertCommand } from './unassign-alert.command.js';

@Resolver(() => Alert)
export class UnassignAlertResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => Alert, { description: 'Hand a claimed alert back to the queue (assignee or supervisor).' })
  async unassignAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', alertVersionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    const command = new UnassignAlertCommand(requireId('id', id), commandContext(context, expectedVersion));
    return toAlert(await this.commands.execute<UnassignAlertCommand, AlertView>(command));
  }
}
