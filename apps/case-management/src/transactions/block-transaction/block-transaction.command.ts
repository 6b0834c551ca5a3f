// An analyst stops a transaction, with a reason (TransactionBlocked on its stream).
import type { CommandContext } from '../../event-store/execute-command.js';

export class BlockTransactionCommand {
  constructor(
    readonly transactionId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
