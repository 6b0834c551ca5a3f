// Runs read operations (`query`) compiled to JavaScript by graphql-jit instead of graphql-js's
// interpreter: a page of alerts resolves hundreds of fields, and graphql-js pays for each one
// (argument coercion, field lookup, completion), which was a fifth of the API's CPU per page
// (docs/BENCHMARKS.md, "The API on Fastify, queries compiled, fewer connections"). The same resolvers run (Nest's, with their guards), on
// the document Apollo has already parsed, validated and cost-checked.
// Only queries, and only results without errors: a query has no side effects, so when the compiled
// run reports any error, Apollo runs the operation again its own way and reports the errors exactly
// as it always has (codes, BAD_USER_INPUT for variables, formatApiError); its resolvers then run
// twice. Mutations and subscriptions never come here.
import { type ApolloServerPlugin, type GraphQLRequestListener, HeaderMap } from '@apollo/server';
import { type DocumentNode, getVariableValues, OperationTypeNode } from 'graphql';
import { compileQuery, type CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { Counter, type Registry } from 'prom-client';

type Request = Parameters<NonNullable<GraphQLRequestListener<object>['responseForOperation']>>[0];

/** How each query ran: `compiled`, or `interpreted` (not compilable, or errors reported by Apollo). */
export const QUERIES_METRIC = 'graphql_queries_total';

export function compiledQueriesPlugin(registry?: Registry): ApolloServerPlugin {
  // Apollo's document cache hands out the same parsed document for the same text, so compiled
  // operations live exactly as long as Apollo keeps their document.
  const byDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const queries = new Counter({
    name: QUERIES_METRIC,
    help: 'GraphQL queries by how they ran: compiled (graphql-jit) or interpreted (graphql-js)',
    labelNames: ['engine'] as const,
    registers: registry ? [registry] : [],
  });
  const compiled = (request: Request): CompiledQuery | null => {
    let operations = byDocument.get(request.document);
    if (!operations) {
      operations = new Map<string, CompiledQuery | null>();
      byDocument.set(request.document, operations);
    }
    const name = request.operationName ?? '';
    if (!operations.has(name)) {
      // graphql-jit builds results in plain objects: an alias or field named __proto__ would be lost.
      if (request.source?.includes('__proto__')) {
        operations.set(name, null);
        return null;
      }
      const result = compileQuery(request.schema, request.document, request.operationName ?? undefined, {
        disablingCapturingStackErrors: true,
      });
      operations.set(name, isCompiledQuery(result) ? result : null);
    }
    return operations.get(name) ?? null;
  };
  const interpreted = () => {
    queries.inc({ engine: 'interpreted' });
    return null;
  };
  return {
    requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return Promise.resolve({
        async responseForOperation(request) {
          if (request.operation?.operation !== OperationTypeNode.QUERY) return null;
          const query = compiled(request);
          if (!query) return interpreted();
          // Variables are checked by graphql-js first: graphql-jit accepts some values it refuses
          // (an empty list for an input object, found in review), so those go to Apollo.
          const operation = request.operation;
          if (operation.variableDefinitions?.length) {
            const coerced = getVariableValues(
              request.schema,
              operation.variableDefinitions,
              request.request.variables ?? {},
            );
            if (coerced.errors) return interpreted();
          }
          const result = await query.query(undefined, request.contextValue, request.request.variables ?? {});
          if (result.errors?.length) return interpreted();
          queries.inc({ engine: 'compiled' });
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: result },
          };
        },
      });
    },
  };
}
