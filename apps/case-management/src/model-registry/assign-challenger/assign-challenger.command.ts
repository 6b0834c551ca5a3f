// A supervisor puts a registered model in the challenger seat (it then scores live traffic in shadow), with a reason.
import type { CommandContext } from '../../event-store/execute-command.js';

export class AssignChallengerCommand {
  constructor(
    readonly version: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
