// An analyst asks for supervisor attention, with a reason: the alert becomes ESCALATED.
import type { CommandContext } from '../../event-store/execute-command.js';

export class EscalateAlertCommand {
  constructor(
    readonly alertId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
