// Root module of the case-management service: wires its capabilities; each capability has its own folder.
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { Registry } from 'prom-client';
import type { EventStore } from '#eventstore';
import { HealthModule } from '#platform';
import { type CaseManagementConfig, introspectionEnabled } from './case-management.config.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { CapabilitiesModule } from './case-management.capabilities.js';
import { ModelModule } from './model/model.module.js';
import { AuthModule } from './auth/auth.module.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { ConsoleModule } from './console/console.module.js';

export const CASE_MANAGEMENT_CONFIG = Symbol('CaseManagementConfig');

@Module({})
export class CaseManagementModule {
  static create(config: CaseManagementConfig, overrides: { eventStore?: EventStore } = {}): DynamicModule {
    return {
      module: CaseManagementModule,
      imports: [
        HealthModule.forService('case-management'),
        AuthModule.create(config),
        EventStoreModule.forConfig(config, overrides.eventStore),
        CqrsModule.forRoot(),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [TokenVerifier, Registry],
          useFactory: (verifier: TokenVerifier, registry: Registry) =>
            graphqlOptions(
              verifier,
              {
                introspection: introspectionEnabled(config),
                maxDepth: config.GRAPHQL_MAX_DEPTH,
                maxCost: config.GRAPHQL_MAX_COST,
                emitSchema: config.NODE_ENV !== 'production',
              },
              registry,
            ),
        }),
        ModelModule.create(config.MODEL_PATH),
        AlertsModule,
        CapabilitiesModule,
        ConsoleModule,
      ],
      providers: [{ provide: CASE_MANAGEMENT_CONFIG, useValue: config }],
      exports: [CASE_MANAGEMENT_CONFIG],
    };
  }
}
