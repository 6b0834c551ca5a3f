// A note on an alert, kept on its timeline.
import type { CommandContext } from '../../event-store/execute-command.js';

export class AddAlertNoteCommand {
  constructor(
    readonly alertId: string,
    readonly note: string,
    readonly context: CommandContext,
  ) {}
}
