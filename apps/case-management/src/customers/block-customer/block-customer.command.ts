// Put a customer on the blocklist: scoring then blocks their transactions whatever the score.
import type { CommandContext } from '../../event-store/execute-command.js';

export class BlockCustomerCommand {
  constructor(
    readonly customerId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
