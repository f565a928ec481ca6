import {
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
  getNullableType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  typeFromAST,
} from 'graphql';

/**
 * Input object fields expanded when compiling one operation's variables with graphql-jit's
 * `compileVariableParsing`; larger ones stay on graphql-js. The generated code is about 3 KB per
 * field (17 KB for `[ObservationInput!]!`).
 */
export const MAX_COMPILED_FIELDS = 64;
/** Generated source kept over all compiled variable coercions of one cache (characters): bounds their memory, not only their number. */
export const MAX_COMPILED_SOURCE_CHARS = 1024 * 1024;

/**
 * Whether graphql-jit's variable coercion agrees with graphql-js's on these declarations, for what
 * it accepts and the values it gives — the one rule the gateway's variables check and the
 * subgraphs' pre-coerced variables both use. Not for:
 * - `@oneOf` input objects (graphql-jit does not check "exactly one field");
 * - recursive input objects (it would expand them forever);
 * - input objects without a required field: graphql-jit takes an array for an object
 *   (`typeof [] === 'object'`), so `[]` would pass where graphql-js refuses it; a required field
 *   makes it fail and fall back to graphql-js;
 * - more than {@link MAX_COMPILED_FIELDS} variables and input fields in all (the code grows with each);
 * - a variable or input field named after an `Object.prototype` member: graphql-jit reads
 *   `input.constructor` and tests it `== null`, so an absent `$constructor` (or `$__proto__`,
 *   `$toString`…) would be the inherited member.
 */
export function compilableVariables(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): boolean {
  let fields = 0;
  const walk = (type: GraphQLInputType, path: Set<string>): boolean => {
    const t = getNullableType(type);
    if (isListType(t)) return walk(t.ofType as GraphQLInputType, path);
    if (!isInputObjectType(t)) return true;
    if (t.isOneOf || path.has(t.name)) return false;
    const all = Object.values(t.getFields());
    if (!all.some((f) => isNonNullType(f.type) && f.defaultValue === undefined)) return false;
    path.add(t.name);
    for (const f of all) {
      if (++fields > MAX_COMPILED_FIELDS || f.name in Object.prototype || !walk(f.type, path)) return false;
    }
    path.delete(t.name);
    return true;
  };
  for (const d of definitions) {
    const type = typeFromAST(schema, d.type);
    if (!type || !isInputType(type) || ++fields > MAX_COMPILED_FIELDS || d.variable.name.value in Object.prototype) return false;
    if (!walk(type, new Set())) return false;
  }
  return true;
}
