// A supervisor changes the review and block thresholds, with a reason (review <= block, both in [0, 1]).
import type { RiskThresholds } from '#domain';
import type { CommandContext } from '../../event-store/execute-command.js';

export class SetRiskThresholdsCommand {
  constructor(
    readonly thresholds: RiskThresholds,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}
