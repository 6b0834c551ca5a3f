// Handles SetRiskThresholdsCommand: load `risk-policy`, decide, append with the expected version;
// returns the policy after the change.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  fold,
  RISK_POLICY_STREAM,
  riskPolicyDecider,
  type RiskPolicyEvent,
  type RiskThresholds,
} from '#domain';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import { executeCommand } from '../../event-store/execute-command.js';
import { DEFAULT_THRESHOLDS, policyOf, type RiskPolicy } from '../risk-policy.model.js';
import { SetRiskThresholdsCommand } from './set-risk-thresholds.command.js';

@CommandHandler(SetRiskThresholdsCommand)
export class SetRiskThresholdsHandler implements ICommandHandler<SetRiskThresholdsCommand, RiskPolicy> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEFAULT_THRESHOLDS) private readonly defaults: RiskThresholds,
  ) {}

  async execute({ thresholds, reason, context }: SetRiskThresholdsCommand): Promise<RiskPolicy> {
    const decider = riskPolicyDecider(this.defaults);
    const outcome = await executeCommand(
      this.store,
      RISK_POLICY_STREAM,
      (history, now) =>
        decider.decide(
          { type: 'SetRiskThresholds', thresholds, reason, actor: context.actor, now },
          fold(decider, history as unknown as RiskPolicyEvent[]),
        ),
      context,
    );
    return policyOf(outcome.events, this.defaults);
  }
}
