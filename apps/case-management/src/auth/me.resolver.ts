// `me`: who the token says the caller is.
import { Context, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { ApiContext } from './api-context.js';

@ObjectType()
export class Me {
  @Field(() => String)
  id!: string;
  @Field(() => String, { description: 'analyst or supervisor.' })
  role!: string;
}

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me)
  me(@Context() context: ApiContext): Me {
    return { id: context.actor!.id, role: context.actor!.role };
  }
}
