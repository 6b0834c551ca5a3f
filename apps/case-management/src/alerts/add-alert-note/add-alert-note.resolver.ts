// The GraphQL edge of addAlertNote: check the input, send the command, return the alert after it.
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
import { AddAlertNoteCommand } from './add-alert-note.command.js';

@Resolver(() => Alert)
export class AddAlertNoteResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Mutation(() => Alert)
  async addAlertNote(
    @Context() context: ApiContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('note', { type: () => String }) note: string,
    @Args('expectedVersion', alertVersionArg) expectedVersion?: number | null,
  ): Promise<Alert> {
    const command = new AddAlertNoteCommand(
      requireId('id', id),
      note,
      commandContext(context, expectedVersion),
    );
    return toAlert(await this.commands.execute<AddAlertNoteCommand, AlertView>(command));
  }
}
