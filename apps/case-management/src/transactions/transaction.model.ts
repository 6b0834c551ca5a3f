// The GraphQL shape of a transaction as analysts see it (from transactions_enriched, or folded from
// its stream right after a block / release).
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Transaction {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  customerId!: string | null;
  @Field(() => String, { nullable: true })
  merchantId!: string | null;
  @Field(() => String, { nullable: true })
  merchantCategory!: string | null;
  @Field(() => String, { nullable: true })
  country!: string | null;
  @Field(() => Float, { nullable: true })
  amount!: number | null;
  @Field(() => String, { nullable: true })
  currency!: string | null;
  @Field(() => String, { nullable: true })
  occurredAt!: string | null;
  @Field(() => Float, { nullable: true })
  riskScore!: number | null;
  @Field(() => String, { nullable: true, description: 'APPROVE, REVIEW or BLOCK.' })
  decision!: string | null;
  @Field(() => String, { nullable: true })
  modelVersion!: string | null;
  @Field(() => String, { description: 'RECEIVED, APPROVED, IN_REVIEW, BLOCKED or RELEASED.' })
  status!: string;
  @Field(() => Boolean)
  chargeback!: boolean;
  @Field(() => String, { nullable: true })
  alertId!: string | null;
  @Field(() => Int, { description: 'Stream version: pass it back as expectedVersion.' })
  version!: number;
}

@ObjectType()
export class TransactionEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => Transaction)
  node!: Transaction;
}

@ObjectType()
export class TransactionConnection {
  @Field(() => [TransactionEdge])
  edges!: TransactionEdge[];
  @Field(() => Boolean)
  hasNextPage!: boolean;
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
