// A supervisor makes a registered model the champion (it then decides on live payments), with a reason.
import type { CommandContext } from '../../event-store/execute-command.js';

export class PromoteModelCommand {
  constructor(
    readonly version: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
