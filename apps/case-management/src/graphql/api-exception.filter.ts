// GraphQL resolvers' errors go to Apollo's formatError (api-error.ts) untouched; without this filter
// Nest would first log every refused command (a claim conflict is not a server error) with its
// stack. Other contexts (HTTP routes like /health) keep Nest's default handling.
import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

@Catch()
export class ApiExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    super.catch(exception, host);
    return undefined;
  }
}
