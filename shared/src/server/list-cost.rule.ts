import {
  type FragmentDefinitionNode, GraphQLError, type GraphQLNamedType, type GraphQLOutputType, Kind, type SelectionSetNode,
  type ValidationContext, type ASTVisitor, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType,
} from 'graphql';

/**
 * Own rule, because graphql-armor's cost limit ignores list fan-out: it priced
 * `40 × governanceIndicators { series { indicator { series { … } } } }` at 1,360 (of 5,000) and that
 * took the gateway 10 s; graphql-query-complexity needs the variables, which Apollo's validation
 * rules do not get. Here each field costs 1 times the product of the list sizes above it, every list
 * counted as `listSize` items (an introspection field costs 1 and what it selects nothing: the schema bounds it).
 */
export function listCostRule(options: { maxCost: number; listSize: number; onExceeded: (cost: number) => GraphQLError }) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const schema = context.getSchema();

    const costOf = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, multiplier: number, seen: Set<string>): number => {
      let cost = 0;
      for (const sel of set.selections) {
        if (cost > options.maxCost) return cost; // already refused: stop walking
        if (sel.kind === Kind.FIELD) {
          // `__typename` (and an introspection root) costs 1 per item like any field, without walking
          // below it: at 0, a fragment fan-out of `__typename` (10 spreads × 8 levels, 738 bytes) was
          // walked 10^8 times and took the gateway to an out-of-memory exit.
          if (sel.name.value.startsWith('__')) {
            cost += multiplier;
            continue;
          }
          const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
          const m = multiplier * (def && isList(def.type) ? options.listSize : 1);
          cost += m;
          if (sel.selectionSet) cost += costOf(sel.selectionSet, def ? getNamedType(def.type) : undefined, m, seen);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
          cost += costOf(sel.selectionSet, on ?? undefined, multiplier, seen);
        } else {
          const frag = fragments.get(sel.name.value);
          if (!frag || seen.has(frag.name.value)) continue; // cycles are NoFragmentCycles' to report
          cost += costOf(frag.selectionSet, schema.getType(frag.typeCondition.name.value) ?? undefined, multiplier, new Set(seen).add(frag.name.value));
        }
      }
      return cost;
    };

    return {
      OperationDefinition(node) {
        const root = schema.getRootType(node.operation) ?? undefined;
        const cost = costOf(node.selectionSet, root, 1, new Set());
        if (cost > options.maxCost) context.reportError(options.onExceeded(cost));
        return false; // nothing below needs this rule
      },
    };
  };
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}
