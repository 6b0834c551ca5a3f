// The risk policy: `riskPolicy` (folded from the small `risk-policy` stream, so it is exact; version =
// stream version) and `setRiskThresholds` (supervisors, with a reason). Before any change the
// thresholds come from the model metadata (see model-metadata.ts), else 0.5 / 0.9.
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Args, Context, Field, Float, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import {
  fold,
  RISK_POLICY_STREAM,
  riskPolicyDecider,
  type RiskPolicyEvent,
  type RiskThresholds,
} from '#domain';
import type { EventStore } from '#eventstore';
import type { ApiContext } from '../auth/api-context.js';
import { RequireRole } from '../auth/roles.js';
import { EVENT_STORE } from '../event-store/event-store.module.js';
import { executeCommand, type CommandContext, type StoredEnvelope } from '../event-store/execute-command.js';
import { optionalVersion } from '../graphql/validate-input.js';

export const DEFAULT_THRESHOLDS = Symbol('DefaultThresholds');

@ObjectType()
export class RiskPolicy {
  @Field(() => Int, { description: 'Policy version (0 = defaults, no change recorded yet).' })
  version!: number;
  @Field(() => Float)
  reviewThreshold!: number;
  @Field(() => Float)
  blockThreshold!: number;
  @Field(() => String, { nullable: true })
  reason!: string | null;
  @Field(() => String, { nullable: true })
  changedBy!: string | null;
  @Field(() => String, { nullable: true })
  changedAt!: string | null;
}

export function policyOf(events: readonly StoredEnvelope[], defaults: RiskThresholds): RiskPolicy {
  const typed = events as unknown as RiskPolicyEvent[];
  const state = fold(riskPolicyDecider(defaults), typed);
  const last = typed.at(-1)?.data;
  return {
    version: events.length,
    reviewThreshold: state.reviewThreshold,
    blockThreshold: state.blockThreshold,
    reason: last?.reason ?? null,
    changedBy: last?.changedBy ?? null,
    changedAt: last?.changedAt ?? null,
  };
}

export class SetRiskThresholdsRequest {
  constructor(
    readonly thresholds: RiskThresholds,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SetRiskThresholdsRequest)
export class SetRiskThresholdsHandler implements ICommandHandler<SetRiskThresholdsRequest, RiskPolicy> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEFAULT_THRESHOLDS) private readonly defaults: RiskThresholds,
  ) {}

  async execute({ thresholds, reason, context }: SetRiskThresholdsRequest): Promise<RiskPolicy> {
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

@Resolver(() => RiskPolicy)
export class RiskPolicyResolver {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEFAULT_THRESHOLDS) private readonly defaults: RiskThresholds,
  ) {}

  @Query(() => RiskPolicy, { description: 'The review and block thresholds in force.' })
  async riskPolicy(): Promise<RiskPolicy> {
    return policyOf(await this.store.readStream(RISK_POLICY_STREAM), this.defaults);
  }

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
    return this.commands.execute<SetRiskThresholdsRequest, RiskPolicy>(
      new SetRiskThresholdsRequest({ reviewThreshold, blockThreshold }, reason, {
        actor: context.actor!,
        correlationId: context.correlationId,
        expectedVersion: optionalVersion(expectedVersion),
      }),
    );
  }
}
