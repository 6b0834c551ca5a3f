// The GraphQL edge of reopenAlert: check the input, send the command, return the alert after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { RequireRole } from '../../auth/roles.js';
import { commandContext } from '../../graphql/command-context.js';
import { requireId } from '../../graphql/validate-input.js';
import { Alert } from '../alert.model.js';
import { toAlert } from '../alert-mapping.js';
import { alertVersionArg } from '../alert-use-case.js';
import type { AlertView } from '../alert-view.js';
import { ReopenAlertCommand } from './reopen-alert.command.js';

@Resolver(() => Alert)
export class ReopenAlertResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequireRole('supervisor')
  @Mutation(() => Alert, { description: 'Supervisor: put a resolved alert back in the queue.' })
  async reopenAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', alertVersionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    const command = new ReopenAlertCommand(
      requireId('id', id),
      reason,
      commandContext(context, expectedVersion),
    );
    return toAlert(await this.commands.execute<ReopenAlertCommand, AlertView>(command));
  }
}
