// A supervisor puts a resolved alert back in the queue, with a reason.
import type { CommandContext } from '../../event-store/execute-command.js';

export class ReopenAlertCommand {
  constructor(
    readonly alertId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
