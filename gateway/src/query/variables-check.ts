import { compileVariableParsing, failToParseVariables } from 'graphql-jit/dist/variables';
import { LRUCache } from 'lru-cache';
import {
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
  getNullableType,
  isInputObjectType,
  isInputType,
  isListType,
  print,
  typeFromAST,
} from 'graphql';

type Compiled = (inputs: Record<string, unknown>) => unknown;

/**
 * Input object fields expanded when compiling one operation's variables; larger ones stay on
 * graphql-js. The generated code is about 3 KB per field (17 KB for `[ObservationInput!]!`).
 */
const MAX_COMPILED_FIELDS = 64;
/** Generated source kept over all compiled checks (characters): bounds their memory, not only their number. */
const MAX_COMPILED_SOURCE_CHARS = 1024 * 1024;

export interface VariablesCheckOptions {
  /** Distinct variable declarations whose compiled check is kept. @default 1000 */
  maxOperations?: number;
}

/**
 * The gateway's check of a request's variables against the operation's declared types (what
 * `ApolloGateway.validateIncomingRequest` does with graphql-js `getVariableValues`), a check
 * compiled once per declaration list (graphql-jit's `compileVariableParsing`) to run first: the
 * ingestion mutations carry 1,000 input objects per request, and graphql-js walking them field by
 * field was 40 % of the gateway's CPU.
 *
 * The compiled check only ever ACCEPTS: on any failure (or for types it does not model, see
 * `compilable`) the caller runs graphql-js as before, so every rejection — HTTP status, codes,
 * messages — is graphql-js's own. The gateway discards the coerced values (subgraphs coerce again),
 * so only the verdict matters. A check is compiled when its declarations come a second time, kept
 * in an LRU keyed by the printed declarations and bounded by count and by generated code size, and
 * dropped when the schema changes.
 */
export class VariablesCheck {
  private schema: GraphQLSchema | undefined;
  /** `fn` undefined: seen once, not compiled yet; null: left to graphql-js. */
  private readonly compiled: LRUCache<string, { fn: Compiled | null | undefined; size: number }>;
  /** The printed declarations of a parsed document's operation: Apollo Server reuses parsed documents, so each is printed once, not per request. */
  private readonly keys = new WeakMap<readonly VariableDefinitionNode[], string>();

  constructor(options: VariablesCheckOptions = {}) {
    this.compiled = new LRUCache({
      max: Math.max(1, options.maxOperations ?? 1000),
      maxSize: MAX_COMPILED_SOURCE_CHARS,
      sizeCalculation: (v) => v.size,
    });
  }

  /**
   * Whether the compiled check accepts the variables. `false` means "not known to be valid": the
   * caller then runs graphql-js, whose verdict and errors stand.
   */
  accepts(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[], variables: Record<string, unknown>): boolean {
    const check = this.checkFor(schema, definitions);
    if (!check) return false;
    try {
      return !failToParseVariables(check(variables));
    } catch {
      return false;
    }
  }

  /** Compiled checks kept (for tests). */
  get size(): number {
    return this.compiled.size;
  }

  private checkFor(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): Compiled | null {
    if (definitions.length === 0) return null;
    if (schema !== this.schema) {
      this.compiled.clear();
      this.schema = schema;
    }
    let key = this.keys.get(definitions);
    if (key === undefined) this.keys.set(definitions, (key = definitions.map((d) => print(d)).join(',')));
    const hit = this.compiled.get(key);
    if (hit?.fn !== undefined) return hit.fn;
    // Compiled at the second request with these declarations: a one-off operation (or a client
    // sending a new one each time) costs graphql-js's walk only, never a compilation as well.
    if (!hit) {
      this.compiled.set(key, { fn: undefined, size: key.length + 1 });
      return null;
    }
    let fn: Compiled | null = null;
    try {
      if (compilable(schema, definitions)) fn = compileVariableParsing(schema, definitions) as Compiled;
    } catch {
      fn = null; // an unknown or non-input type: graphql-js answers it
    }
    this.compiled.set(key, { fn, size: key.length + 1 + (fn ? fn.toString().length : 0) });
    return fn;
  }
}

/**
 * Whether graphql-jit's check agrees with graphql-js on these types, as far as accepting goes:
 * not for `@oneOf` input objects (graphql-jit does not check "exactly one field"), nor recursive
 * input objects (it would expand them forever), nor more than {@link MAX_COMPILED_FIELDS} variables
 * and input fields in all (the generated code grows with every one), nor a variable or input field
 * named after an `Object.prototype` member: graphql-jit reads `input.constructor` and tests it
 * `== null`, so an absent `$constructor` (or `$__proto__`, `$toString`…) would be the inherited
 * member, which a custom scalar or an all-optional input object accepts.
 */
function compilable(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): boolean {
  let fields = 0;
  const walk = (type: GraphQLInputType, path: Set<string>): boolean => {
    const t = getNullableType(type);
    if (isListType(t)) return walk(t.ofType as GraphQLInputType, path);
    if (!isInputObjectType(t)) return true;
    if (t.isOneOf || path.has(t.name)) return false;
    path.add(t.name);
    for (const f of Object.values(t.getFields())) {
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
