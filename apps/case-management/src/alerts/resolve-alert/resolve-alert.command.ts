// The assignee (or a supervisor) closes a claimed alert with a disposition and a note; the disposition is
// the label threshold analysis learns from.
import type { Disposition } from '#domain';
import type { CommandContext } from '../../event-store/execute-command.js';

export class ResolveAlertCommand {
  constructor(
    readonly alertId: string,
    readonly disposition: Disposition,
    readonly note: string,
    readonly context: CommandContext,
  ) {}
}
