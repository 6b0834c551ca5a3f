// `riskPolicy`: the review and block thresholds in force, folded from the `risk-policy` stream.
import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { RISK_POLICY_STREAM, type RiskThresholds } from '#domain';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../event-store/event-store.module.js';
import { DEFAULT_THRESHOLDS, policyOf, RiskPolicy } from './risk-policy.model.js';

@Resolver(() => RiskPolicy)
export class RiskPolicyResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEFAULT_THRESHOLDS) private readonly defaults: RiskThresholds,
  ) {}

  @Query(() => RiskPolicy, { description: 'The review and block thresholds in force.' })
  async riskPolicy(): Promise<RiskPolicy> {
    return policyOf(await this.store.readStream(RISK_POLICY_STREAM), this.defaults);
  }
}
