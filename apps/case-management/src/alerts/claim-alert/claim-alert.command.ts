// An analyst takes an open alert: it becomes IN_REVIEW, assigned to them.
import type { CommandContext } from '../../event-store/execute-command.js';

export class ClaimAlertCommand {
  constructor(
    readonly alertId: string,
    readonly context: CommandContext,
  ) {}
}
