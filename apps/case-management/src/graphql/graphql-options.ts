// Apollo Server options of the API: code-first schema emitted to schema.gql, the auth context for
// HTTP and graphql-ws, the query limits, one error mapping, introspection/console per config.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';
import type { Registry } from 'prom-client';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { Context as WsContext, SubscribeMessage } from 'graphql-ws';
import { authenticate, contextFactory } from '../auth/api-context.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { formatApiError } from './api-error.js';
import { compiledQueriesPlugin } from './compiled-queries.js';
import { nestingError } from './nesting-limit.js';
import { queryLimitsRule } from './query-limits.js';

/** apps/case-management/schema.gql, from src/graphql (sources) or dist/apps/case-management/src/graphql. */
export const SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)).replace(`${path.sep}dist${path.sep}`, path.sep),
  '../../schema.gql',
);

export interface GraphqlSettings {
  readonly introspection: boolean;
  readonly maxDepth: number;
  readonly maxCost: number;
  /** Write schema.gql (development, tests); false in production where the tree is read-only. */
  readonly emitSchema: boolean;
}

export function graphqlOptions(
  verifier: TokenVerifier,
  settings: GraphqlSettings,
  registry?: Registry,
): ApolloDriverConfig {
  const logger = new Logger('GraphQL');
  const limits = queryLimitsRule({ maxDepth: settings.maxDepth, maxCost: settings.maxCost });
  let schemaRef: GraphQLSchema | undefined;
  const logUnexpected = (unexpected: unknown) =>
    logger.error({
      msg: 'unexpected error in a GraphQL operation',
      error: unexpected instanceof Error ? (unexpected.stack ?? unexpected.message) : String(unexpected),
    });
  return {
    path: '/graphql',
    autoSchemaFile: settings.emitSchema ? SCHEMA_FILE : true,
    sortSchema: true,
    introspection: settings.introspection,
    // Banks run this air-gapped: no landing page or GraphiQL loaded from a CDN, in any environment
    // (the console module serves our bundled console on GET /graphql instead), and nothing reported
    // to Apollo's cloud even when APOLLO_KEY happens to be set. Cache-control hints are not used: its
    // plugin would only wrap every field resolver (measured: a few % of an `alerts` page).
    graphiql: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      compiledQueriesPlugin(registry),
    ],
    includeStacktraceInErrorResponses: false,
    validationRules: [limits],
    context: contextFactory(verifier),
    transformSchema: (schema: GraphQLSchema) => {
      schemaRef = schema;
      return schema;
    },
    formatError: (formatted, error) =>
      formatApiError(formatted, error, (unexpected) =>
        logger.error({
          msg: 'unexpected error in a GraphQL operation',
          error: String(unexpected instanceof Error ? (unexpected.stack ?? unexpected) : unexpected),
        }),
      ),
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // The token travels in connection_init: { authorization: 'Bearer <jwt>' }. A bad token does
        // not close the socket; each subscription is then refused with UNAUTHENTICATED.
        onConnect: async (ctx: WsContext<Record<string, unknown>, { auth?: unknown }>) => {
          ctx.extra.auth = await authenticate(verifier, ctx.connectionParams?.authorization);
          return true;
        },
        // graphql-ws does not use Apollo's formatError: map its results' errors the same way.
        onNext: (_ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
          result.errors
            ? {
                ...result,
                errors: result.errors.map((error) => formatApiError(error.toJSON(), error, logUnexpected)),
              }
            : undefined,
        // graphql-ws validates with graphql's rules only: add the same limits as HTTP.
        onSubscribe: (_ctx: WsContext, _id: string, payload: SubscribeMessage['payload']) => {
          if (!schemaRef) return undefined;
          const tooDeep = nestingError(payload.query);
          if (tooDeep) return [tooDeep];
          let document;
          try {
            document = parse(payload.query);
          } catch (error) {
            if (error instanceof GraphQLError) return [error];
            throw error;
          }
          const errors = validate(schemaRef, document, [...specifiedRules, limits]);
          if (errors.length > 0) return errors;
          return {
            schema: schemaRef,
            document,
            variableValues: payload.variables,
            operationName: payload.operationName,
          } as ExecutionArgs as never;
        },
      } as never,
    },
  };
}
