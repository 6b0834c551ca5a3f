// A supervisor takes a customer off the blocklist, with a reason.
import type { CommandContext } from '../../event-store/execute-command.js';

export class UnblockCustomerCommand {
  constructor(
    readonly customerId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
