// GraphQL shapes of the dashboard and tuning queries.
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class FraudRatePoint {
  @Field(() => String) bucketStart!: string;
  @Field(() => Int) transactions!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) blocked!: number;
  @Field(() => Int) confirmedFraud!: number;
  @Field(() => Float, { description: 'suspected / transactions (0 when there were none).' })
  fraudRate!: number;
}

@ObjectType()
export class ScoreBin {
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
  @Field(() => Int) transactions!: number;
  @Field(() => Int) confirmedFraud!: number;
  @Field(() => Int) falsePositives!: number;
}

@ObjectType()
export class RiskAggregate {
  @Field(() => String) id!: string;
  @Field(() => Int) transactions!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) blocked!: number;
  @Field(() => Int) chargebacks!: number;
  @Field(() => Int) confirmedFraud!: number;
  @Field(() => Float) exposure!: number;
  @Field(() => Float) fraudRate!: number;
}

@ObjectType()
export class ActivityEntry {
  @Field(() => String) alertId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) type!: string;
  @Field(() => String) actorId!: string;
  @Field(() => String) actorRole!: string;
  @Field(() => String) at!: string;
}

@ObjectType()
export class ThresholdPoint {
  @Field(() => Float) threshold!: number;
  @Field(() => Float, { nullable: true }) precision!: number | null;
  @Field(() => Float, { nullable: true }) recall!: number | null;
  @Field(() => Int) alertVolume!: number;
  @Field(() => Float) expectedCost!: number;
  @Field(() => Int) truePositives!: number;
  @Field(() => Int) falsePositives!: number;
  @Field(() => Int) falseNegatives!: number;
  @Field(() => Int) trueNegatives!: number;
}

@ObjectType()
export class ThresholdAnalysis {
  @Field(() => Int, { description: 'Labelled transactions the analysis is based on.' }) labelled!: number;
  @Field(() => Int) frauds!: number;
  @Field(() => [ThresholdPoint]) points!: ThresholdPoint[];
  @Field(() => Float, { nullable: true, description: 'Threshold with the lowest expected cost.' })
  cheapestThreshold!: number | null;
}

@ObjectType()
export class ModelInfo {
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => String, { nullable: true }) trainedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Metadata file the information comes from.' }) source!:
    string | null;
  @Field(() => String, { description: 'The whole metadata JSON (metrics, feature order, ...), as text.' })
  metadataJson!: string;
}

@ObjectType()
export class Drift {
  @Field(() => Float, {
    nullable: true,
    description: 'PSI of recent scores vs the baseline; null without a baseline.',
  })
  psi!: number | null;
  @Field(() => String, { description: 'STABLE (< 0.1), MODERATE (0.1-0.25), MAJOR (> 0.25) or UNKNOWN.' })
  level!: string;
  @Field(() => Int) recentScores!: number;
  @Field(() => String) since!: string;
}
