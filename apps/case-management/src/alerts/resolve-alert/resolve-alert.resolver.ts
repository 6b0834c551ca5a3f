// The GraphQL edge of resolveAlert: check the input, send the command, return the alert after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Disposition } from '#domain';
import type { ApiContext } from '../../auth/api-context.js';
import { commandContext } from '../../graphql/command-context.js';
import { requireId } from '../../graphql/validate-input.js';
import { Alert, DispositionEnum } from '../alert.model.js';
import { toAlert } from '../alert-mapping.js';
import { alertVersionArg } from '../alert-use-case.js';
import type { AlertView } from '../alert-view.js';
import { ResolveAlertCommand } from './resolve-alert.command.js';

@Resolver(() => Alert)
export class ResolveAlertResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => Alert, { description: 'Close a claimed alert with a disposition and a note.' })
  async resolveAlert(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('disposition', { type: () => DispositionEnum }) disposition: Disposition,
    @Args('note', { type: () => String }) note: string,
    @Args('expectedVersion', alertVersionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    const command = new ResolveAlertCommand(
      requireId('id', id),
      disposition,
      note,
      commandContext(context, expectedVersion),
    );
    return toAlert(await this.commands.execute<ResolveAlertCommand, AlertView>(command));
  }
}
