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
import { compileVariableParsing } from 'graphql-jit/dist/variables';
import { LRUCache } from 'lru-cache';

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

/** A graphql-jit variable parser (`compileVariableParsing`): the coerced values, or errors. */
export type CompiledVariableParser = (inputs: Record<string, unknown>) => { errors?: unknown; coerced?: Record<string, unknown> };

/**
 * graphql-jit variable parsers compiled per declaration list (keyed by the caller, e.g. by its
 * printed declarations) at its second sight — a one-off operation costs graphql-js's walk only,
 * never a compilation as well —, kept in an LRU bounded by count and by generated code size, and
 * dropped when the schema changes. The gateway's variables check and the subgraphs' pre-coerced
 * variables keep theirs in one.
 */
export class CompiledVariableParsers {
  private schema: GraphQLSchema | undefined;
  /** `fn` undefined: seen once, not compiled yet; null: left to graphql-js. */
  private readonly lru: LRUCache<string, { fn: CompiledVariableParser | null | undefined; size: number }>;

  /**
   * @param options.max declaration lists kept (seen once or compiled)
   * @param options.maxChars generated source kept, characters. @default MAX_COMPILED_SOURCE_CHARS
   */
  constructor(options: { max: number; maxChars?: number }) {
    this.lru = new LRUCache({ max: Math.max(1, options.max), maxSize: options.maxChars ?? MAX_COMPILED_SOURCE_CHARS, sizeCalculation: (v) => v.size });
  }

  /** Declaration lists kept (seen once or compiled). */
  get size(): number {
    return this.lru.size;
  }

  /**
   * The parser already compiled for `key` (null: not compilable, left to graphql-js), or undefined
   * when none was compiled yet. Never records a sight, never compiles.
   * @param touch whether the look-up counts as a use for the LRU. @default true
   */
  compiled(schema: GraphQLSchema, key: string, touch = true): CompiledVariableParser | null | undefined {
    this.follow(schema);
    return (touch ? this.lru.get(key) : this.lru.peek(key))?.fn;
  }

  /**
   * The parser for `definitions` (known by `key`): compiled at their second sight, if
   * {@link compilableVariables} and `mayCompile()` (a budget) allow; null meanwhile and otherwise.
   */
  parserFor(schema: GraphQLSchema, key: string, definitions: readonly VariableDefinitionNode[], mayCompile: () => boolean = () => true): CompiledVariableParser | null {
    this.follow(schema);
    const hit = this.lru.get(key);
    if (hit?.fn !== undefined) return hit.fn;
    if (!hit) {
      this.lru.set(key, { fn: undefined, size: key.length + 1 });
      return null;
    }
    if (!mayCompile()) return null; // stays "seen once": compiled when the budget allows
    let fn: CompiledVariableParser | null = null;
    try {
      if (compilableVariables(schema, definitions)) fn = compileVariableParsing(schema, definitions) as unknown as CompiledVariableParser;
    } catch {
      fn = null; // an unknown or non-input type: graphql-js answers it
    }
    this.lru.set(key, { fn, size: key.length + 1 + (fn ? fn.toString().length : 0) });
    return fn;
  }

  private follow(schema: GraphQLSchema): void {
    if (schema === this.schema) return;
    this.schema = schema;
    this.lru.clear();
  }
}
