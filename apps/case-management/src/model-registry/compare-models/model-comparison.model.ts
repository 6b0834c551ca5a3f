// GraphQL shapes of modelComparison: champion and challenger side by side on the same transactions.
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'A model against the labels (chargebacks, CONFIRMED_FRAUD = fraud; FALSE_POSITIVE = legitimate); an alert is REVIEW or BLOCK.',
})
export class LabelledOutcomeView {
  @Field(() => Int, { description: 'Labelled transactions among those compared.' }) labelled!: number;
  @Field(() => Int) frauds!: number;
  @Field(() => Int, { description: 'Alerted frauds.' }) truePositives!: number;
  @Field(() => Int, { description: 'Alerted legitimate transactions.' }) falsePositives!: number;
  @Field(() => Int, { description: 'Frauds let through.' }) falseNegatives!: number;
  @Field(() => Int, { description: 'Legitimate transactions let through.' }) trueNegatives!: number;
  @Field(() => Float, { nullable: true, description: 'TP / (TP + FP); null without labelled alerts.' })
  precision!: number | null;
  @Field(() => Float, { nullable: true, description: 'TP / (TP + FN); null without labelled fraud.' })
  recall!: number | null;
  @Field(() => Float, { description: 'FP * falsePositiveCost + FN * falseNegativeCost.' })
  expectedCost!: number;
}

@ObjectType({ description: "One model's decisions on the compared transactions." })
export class ModelSideView {
  @Field(() => String) version!: string;
  @Field(() => Int) transactions!: number;
  @Field(() => Int, { description: 'REVIEW + BLOCK decisions.' }) alerts!: number;
  @Field(() => Float, { description: 'alerts / transactions.' }) alertRate!: number;
  @Field(() => Int) reviewed!: number;
  @Field(() => Int) blocked!: number;
  @Field(() => Float, { description: 'Sum of the amounts it blocked (would have blocked).' })
  blockedAmount!: number;
  @Field(() => LabelledOutcomeView) labels!: LabelledOutcomeView;
}

@ObjectType()
export class DecisionCountView {
  @Field(() => String, { description: "The champion's decision: APPROVE, REVIEW or BLOCK." })
  champion!: string;
  @Field(() => String, { description: "The challenger's would-be decision." }) challenger!: string;
  @Field(() => Int) transactions!: number;
}

@ObjectType({ description: 'A champion and a challenger on the transactions both scored.' })
export class ModelComparisonPair {
  @Field(() => String) championVersion!: string;
  @Field(() => String) challengerVersion!: string;
  @Field(() => Int) transactions!: number;
  @Field(() => ModelSideView) champion!: ModelSideView;
  @Field(() => ModelSideView) challenger!: ModelSideView;
  @Field(() => Int, { description: 'Transactions both decided alike.' }) agreements!: number;
  @Field(() => Float, { description: 'agreements / transactions.' }) agreementRate!: number;
  @Field(() => [DecisionCountView], {
    description: 'Champion decision x challenger decision: all nine, zeros included.',
  })
  decisions!: DecisionCountView[];
}

@ObjectType()
export class ModelComparison {
  @Field(() => String, { description: 'Window start (scored_at >= from).' }) from!: string;
  @Field(() => String, { description: 'Window end (scored_at < to).' }) to!: string;
  @Field(() => Float) falsePositiveCost!: number;
  @Field(() => Float) falseNegativeCost!: number;
  @Field(() => Int, { description: 'Shadow-scored transactions in the window.' }) transactions!: number;
  @Field(() => [ModelComparisonPair], {
    description:
      'One entry per (champion, challenger) pair seen in the window (a promotion or a new challenger starts a new pair), the busiest first.',
  })
  pairs!: ModelComparisonPair[];
}
