// The GraphQL edge of setRiskThresholds (supervisors): send the command, return the policy after it.
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Float, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { ApiContext } from '../../auth/api-context.js';
import { RequireRole } from '../../auth/roles.js';
import { commandContext } from '../../graphql/command-context.js';
import { RiskPolicy } from '../risk-policy.model.js';
import { SetRiskThresholdsCommand } from './set-risk-thresholds.command.js';

@Resolver(() => RiskPolicy)
export class SetRiskThresholdsResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @RequireRole('supervisor')
  @Mutation(() => RiskPolicy, {
    description: 'Supervisor: change the thresholds (review <= block, both in [0, 1]).',
  })
  setRiskThresholds(
    @Context() context: ApiContext,
    @Args('reviewThreshold', { type: () => Float }) reviewThreshold: number,
    @Args('blockThreshold', { type: () => Float }) blockThreshold: number,
    @Args('reason', { type: () => String }) reason: string,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ): Promise<RiskPolicy> {
    return this.commands.execute<SetRiskThresholdsCommand, RiskPolicy>(
      new SetRiskThresholdsCommand(
        { reviewThreshold, blockThreshold },
        reason,
        commandContext(context, expectedVersion),
      ),
    );
  }
}
