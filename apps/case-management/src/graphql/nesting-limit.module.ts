// Puts the nesting limit in front of Apollo on /graphql (Nest's middleware runs after the JSON body
// parser and before the GraphQL driver's handler).
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { nestingLimitMiddleware } from './nesting-limit.js';

@Module({})
export class NestingLimitModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(nestingLimitMiddleware)
      .forRoutes(
        { path: 'graphql', method: RequestMethod.POST },
        { path: 'graphql', method: RequestMethod.GET },
      );
  }
}
