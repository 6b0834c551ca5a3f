// The assignee (or a supervisor) hands a claimed alert back to the queue.
import type { CommandContext } from '../../event-store/execute-command.js';

export class UnassignAlertCommand {
  constructor(
    readonly alertId: string,
    readonly context: CommandContext,
  ) {}
}
