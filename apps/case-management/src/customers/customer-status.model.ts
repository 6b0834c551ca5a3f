// A customer's blocklist state as the customer mutations return it.
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class CustomerStatus {
  @Field(() => ID)
  customerId!: string;
  @Field(() => Boolean)
  blocked!: boolean;
  @Field(() => String)
  reason!: string;
  @Field(() => String)
  changedBy!: string;
  @Field(() => String)
  changedAt!: string;
  @Field(() => Int)
  version!: number;
}
