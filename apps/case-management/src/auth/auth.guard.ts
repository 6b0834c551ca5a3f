// Every GraphQL operation needs a verified caller with the role the resolver declares (analyst by
// default, `@RequireRole('supervisor')` for supervisor operations). HTTP routes such as /health are
// not GraphQL and pass through.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Role } from '#domain';
import { ApiError } from '../graphql/api-error.js';
import type { ApiContext } from './api-context.js';
import { REQUIRED_ROLE, roleSatisfies } from './roles.js';
import { Unauthenticated } from './token-verifier.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(execution: ExecutionContext): boolean {
    if (execution.getType<GqlContextType>() !== 'graphql') return true;
    const context = GqlExecutionContext.create(execution).getContext<ApiContext>();
    if (!context.actor) {
      throw (
        context.authError ??
        new Unauthenticated('A bearer token is required: send `Authorization: Bearer <jwt>`')
      );
    }
    const required =
      this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [
        execution.getHandler(),
        execution.getClass(),
      ]) ?? 'analyst';
    if (!roleSatisfies(context.actor.role, required)) {
      const operation = GqlExecutionContext.create(execution).getInfo<{ fieldName: string }>().fieldName;
      throw new ApiError(
        'FORBIDDEN',
        `${operation} needs the ${required} role; you are ${context.actor.role}`,
      );
    }
    return true;
  }
}
