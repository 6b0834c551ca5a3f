// GraphQL shapes of the model registry: registered models (metrics, file hash, who registered them),
// which is champion (decides) and which challenger (scores in shadow), and who chose so, when and why.
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: "A model's headline evaluation (from its metadata); null where it had no answer.",
})
export class ModelMetricsView {
  @Field(() => Float, { nullable: true }) rocAuc!: number | null;
  @Field(() => Float, { nullable: true }) prAuc!: number | null;
  @Field(() => Float, { nullable: true }) precisionAtReview!: number | null;
  @Field(() => Float, { nullable: true }) recallAtReview!: number | null;
  @Field(() => Float, { nullable: true }) precisionAtBlock!: number | null;
  @Field(() => Float, { nullable: true }) recallAtBlock!: number | null;
}

@ObjectType({ description: "The thresholds a model's evaluation suggests (the policy in force may differ)." })
export class ModelThresholds {
  @Field(() => Float) review!: number;
  @Field(() => Float) block!: number;
}

@ObjectType({ description: 'Who put a model in a seat (champion or challenger), when and why.' })
export class SeatChange {
  @Field(() => String) by!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) at!: string;
  @Field(() => String, { nullable: true, description: 'The model that held the seat before.' })
  replaced!: string | null;
}

@ObjectType()
export class RegisteredModelView {
  @Field(() => String) version!: string;
  @Field(() => String) modelType!: string;
  @Field(() => String) featureSpecVersion!: string;
  @Field(() => String, { description: 'sha256 of the .onnx file, lower-case hex.' }) fileHash!: string;
  @Field(() => ModelThresholds) thresholds!: ModelThresholds;
  @Field(() => ModelMetricsView) metrics!: ModelMetricsView;
  @Field(() => String) registeredBy!: string;
  @Field(() => String) registeredAt!: string;
  @Field(() => Boolean, { description: 'Decides on live payments.' }) isChampion!: boolean;
  @Field(() => Boolean, { description: 'Scores the same traffic in shadow, never acted on.' })
  isChallenger!: boolean;
  @Field(() => SeatChange, { nullable: true, description: 'The last promotion of this model to champion.' })
  lastPromotion!: SeatChange | null;
  @Field(() => SeatChange, {
    nullable: true,
    description: 'The last assignment of this model as challenger.',
  })
  lastChallengerAssignment!: SeatChange | null;
}

@ObjectType()
export class ModelRegistry {
  @Field(() => Int, {
    description: 'Version of the model-registry stream (0 = nothing registered): pass it as expectedVersion.',
  })
  version!: number;
  @Field(() => String, { nullable: true }) champion!: string | null;
  @Field(() => String, { nullable: true }) challenger!: string | null;
  @Field(() => [RegisteredModelView], { description: 'In registration order.' })
  models!: RegisteredModelView[];
}
