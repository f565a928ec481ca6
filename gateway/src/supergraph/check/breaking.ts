import { Supergraph } from '@apollo/federation-internals';
import { BreakingChangeType, type GraphQLSchema, TypeInfo, findBreakingChanges, parse, validate, visit, visitWithTypeInfo } from 'graphql';
import type { SafelistedOperation } from './wall-operations';

/** A removed or retyped field (or type, argument…) of the API schema. */
export interface BreakingChange {
  type: string;
  description: string;
  /** Safelisted operations it breaks; empty: no known client is affected (a warning). */
  breaks: string[];
}

/** The API schema (what clients see) of a supergraph. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

const RELEVANT = new Set<string>([
  BreakingChangeType.TYPE_REMOVED, BreakingChangeType.TYPE_CHANGED_KIND, BreakingChangeType.FIELD_REMOVED,
  BreakingChangeType.FIELD_CHANGED_KIND, BreakingChangeType.ARG_REMOVED, BreakingChangeType.ARG_CHANGED_KIND,
  BreakingChangeType.REQUIRED_ARG_ADDED, BreakingChangeType.VALUE_REMOVED_FROM_ENUM,
  BreakingChangeType.TYPE_REMOVED_FROM_UNION, BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED,
]);

/** `Type.field` coordinates an operation reads, resolved against `schema`. */
export function usedCoordinates(schema: GraphQLSchema, query: string): Set<string> {
  const out = new Set<string>();
  const info = new TypeInfo(schema);
  visit(parse(query), visitWithTypeInfo(info, {
    Field() {
      const parent = info.getParentType();
      const field = info.getFieldDef();
      if (parent && field) out.add(`${parent.name}.${field.name}`);
    },
  }));
  return out;
}

/**
 * Breaking changes from `before` to `after` (graphql-js's `findBreakingChanges`: removed or retyped
 * types, fields, arguments…), each with the safelisted operations that read what changed.
 */
export function findBreaking(before: GraphQLSchema, after: GraphQLSchema, safelist: SafelistedOperation[]): BreakingChange[] {
  const usage = safelist
    .filter((op) => !validate(before, parse(op.query)).length) // only operations of today's graph
    .map((op) => ({ name: op.name, used: usedCoordinates(before, op.query) }));
  return findBreakingChanges(before, after)
    .filter((c) => RELEVANT.has(c.type))
    .map((c) => {
      const m = /^(\w+)(?:\.(\w+))?/.exec(c.description);
      const type = m?.[1] ?? '';
      const field = m?.[2];
      const breaks = usage
        .filter((u) => [...u.used].some((coord) => (field ? coord === `${type}.${field}` : coord.startsWith(`${type}.`))))
        .map((u) => u.name);
      return { type: c.type, description: c.description, breaks };
    });
}
