// An analyst lets a blocked transaction through: how a system-blocked false positive is cleared.
import type { CommandContext } from '../../event-store/execute-command.js';

export class ReleaseTransactionCommand {
  constructor(
    readonly transactionId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
