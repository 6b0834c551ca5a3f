// The GraphQL edge of claimAlert: check the input, send the command, return the alert after it.
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
import { ClaimAlertCommand } from './claim-alert.command.js';

@Resolver(() => Alert)
export class ClaimAlertResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => Alert, { description: 'Take an open alert for review (IN_REVIEW, assigned to you).' })
  async claimAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', alertVersionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    const command = new ClaimAlertCommand(requireId('id', id), commandContext(context, expectedVersion));
    return toAlert(await this.commands.execute<ClaimAlertCommand, AlertView>(command));
  }
}
