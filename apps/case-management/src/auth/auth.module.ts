// Authentication (token verification) and the global role guard.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiExceptionFilter } from '../graphql/api-exception.filter.js';
import { AuthGuard } from './auth.guard.js';
import { TokenVerifier, type TokenSettings } from './token-verifier.js';

@Global()
@Module({})
export class AuthModule {
  static create(settings: TokenSettings, verifier = new TokenVerifier(settings)): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TokenVerifier, useValue: verifier },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
      exports: [TokenVerifier],
    };
  }
}
