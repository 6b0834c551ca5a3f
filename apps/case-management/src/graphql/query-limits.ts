// Validation rules that refuse an operation before it runs when it is too deep or too costly, so one
// query cannot make the server walk alerts -> transaction -> timeline ... without bound.
// Cost: every field costs 1, times the page size of each list it sits in (`first`, `limit`, `bins`;
// a variable counts as the largest page allowed, since validation runs before variables are known).
import {
  GraphQLError,
  Kind,
  type ASTNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export const MAX_PAGE_SIZE = 100;

/**
 * An operation over the depth or cost limit: the caller's to fix, so the API answers BAD_USER_INPUT
 * (Apollo would label every validation error GRAPHQL_VALIDATION_FAILED; api-error.ts maps this one).
 */
export class QueryTooLarge extends GraphQLError {
  constructor(message: string, node: ASTNode) {
    super(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } });
  }
}
const PAGE_ARGUMENTS = new Set(['first', 'limit', 'bins']);

function pageSize(value: ValueNode | undefined): number {
  if (!value) return 1;
  if (value.kind === Kind.INT) return Math.max(1, Math.min(Number(value.value), MAX_PAGE_SIZE));
  return MAX_PAGE_SIZE;
}

interface Measure {
  depth: number;
  cost: number;
}

function measure(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const multiplier = pageSize(
        selection.arguments?.find((argument) => PAGE_ARGUMENTS.has(argument.name.value))?.value,
      );
      const inner = selection.selectionSet
        ? measure(selection.selectionSet, fragments, visiting)
        : { depth: 0, cost: 0 };
      depth = Math.max(depth, inner.depth + 1);
      cost += 1 + multiplier * inner.cost;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(selection.selectionSet, fragments, visiting);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || visiting.has(name)) continue; // unknown or cyclic: graphql's own rules report it
      visiting.add(name);
      const inner = measure(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

export function queryLimitsRule(limits: { maxDepth: number; maxCost: number }) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation) {
        const { depth, cost } = measure(operation.selectionSet, fragments, new Set());
        const name = operation.name?.value ?? 'the operation';
        if (depth > limits.maxDepth) {
          context.reportError(
            new QueryTooLarge(
              `${name} is ${depth} levels deep; at most ${limits.maxDepth} are allowed (GRAPHQL_MAX_DEPTH): select fewer nested fields`,
              operation,
            ),
          );
        }
        if (cost > limits.maxCost) {
          context.reportError(
            new QueryTooLarge(
              `${name} would cost ${cost} (fields times page sizes); at most ${limits.maxCost} is allowed (GRAPHQL_MAX_COST): ask for smaller pages or fewer fields`,
              operation,
            ),
          );
        }
      },
    };
  };
}
