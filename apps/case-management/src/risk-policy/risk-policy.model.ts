// The risk policy as the API shows it, folded from the small `risk-policy` stream (so it is exact;
// version = stream version). Before any change the thresholds come from the model metadata (see
// model-metadata.ts), else 0.5 / 0.9: DEFAULT_THRESHOLDS.
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { fold, riskPolicyDecider, type RiskPolicyEvent, type RiskThresholds } from '#domain';
import type { StoredEnvelope } from '../event-store/execute-command.js';

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
