import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
  type VariableDefinitionNode,
  Kind,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isScalarType,
  print,
  typeFromAST,
} from 'graphql';
import { failToParseVariables } from 'graphql-jit/dist/variables';
import { type CompiledVariableParser, CompiledVariableParsers } from './compiled-variables';

/** The federation scalar the rewritten declarations use: graphql-js's default `parseValue` (identity). */
const PASS_THROUGH = '_Any';

/** What the plugin did, for tests. */
export interface PrecoercedVariablesStats {
  /** Requests whose input-object variables were coerced by the compiled code. */
  compiled: number;
  /** Requests with input-object variables left to graphql-js (first sight, not compilable, or refused). */
  graphqlJs: number;
}

/**
 * An Apollo Server plugin that coerces a request's **input-object variables** (e.g. a report's
 * 1,000 `ObservationInput` rows) with code compiled once per variable declarations (graphql-jit's
 * `compileVariableParsing`) instead of graphql-js walking them value by value (≈28 % of a
 * subgraph's CPU for a 1,000-row report). graphql-js 16 always coerces in `execute` and has no
 * way to take coerced values, so when the compiled coercion ACCEPTS the variables, the request
 * executes a copy of the document whose declarations of those variables name the schema's
 * pass-through `_Any` scalar (same list and non-null wrapping): graphql-js's own coercion then only
 * checks nulls and list shapes, and the resolvers receive the compiled code's values (the same
 * values graphql-js gives, see precoerced-variables.test.ts). Validation ran on the original
 * document before this hook.
 *
 * It can only accept: when the compiled code refuses or throws, or for types it does not model (see
 * `compilableVariables`), the request runs unchanged, so every rejection (status, code, message) is
 * graphql-js's own. Compiled at a declaration list's second request (a one-off costs no
 * compilation), kept in an LRU bounded by count and code size, dropped when the schema changes.
 * Off for schemas without a pass-through `_Any` (federation adds it for entities).
 */
export function precoercedVariablesPlugin(options: {
  maxOperations?: number;
  stats?: PrecoercedVariablesStats;
  /**
   * Whether this request's caller may have declarations tracked and compiled (a compilation costs
   * ~3 ms of the subgraph's CPU and up to 1 MiB is kept): callers who may not still use what was
   * compiled for others, and never push it out. @default every caller
   */
  mayCompile?: (contextValue: unknown) => boolean;
} = {}): ApolloServerPlugin {
  const coercion = new PrecoercedVariables(options.maxOperations ?? 1000);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const operation = ctx.operation;
          const variables = ctx.request.variables;
          if (!operation?.variableDefinitions?.length || !variables) return;
          const rewritten = coercion.apply(ctx.schema, ctx.document, operation, variables, options.mayCompile?.(ctx.contextValue) ?? true);
          if (rewritten === undefined) return; // no input-object variables: nothing to save
          if (rewritten === null) {
            if (options.stats) options.stats.graphqlJs++;
            return;
          }
          if (options.stats) options.stats.compiled++;
          // Only this request's copy: the cached, validated document stays as it was.
          (ctx as { document: DocumentNode }).document = rewritten.document;
          ctx.request.variables = rewritten.variables;
        },
      };
    },
  };
}

interface Plan {
  /** The variables coerced by the compiled code. */
  names: string[];
  /** The document with those variables declared as `_Any` (wrappers kept). */
  document: DocumentNode;
  /** Key of the compiled coercion for the declarations of `names`. */
  key: string;
}

class PrecoercedVariables {
  private schema: GraphQLSchema | undefined;
  private passThrough = false;
  private readonly parsers: CompiledVariableParsers;
  /** Per parsed operation (Apollo Server reuses parsed documents): its plan, or null when none of its variables is an input object. */
  private readonly plans = new WeakMap<OperationDefinitionNode, Plan | null>();

  constructor(maxOperations: number) {
    this.parsers = new CompiledVariableParsers({ max: maxOperations });
  }

  /**
   * The document and variables to execute, or null to leave the request to graphql-js, or
   * undefined when the operation declares no input-object variable.
   */
  apply(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, mayCompile: boolean):
    { document: DocumentNode; variables: Record<string, unknown> } | null | undefined {
    if (schema !== this.schema) {
      this.schema = schema;
      const any = schema.getType(PASS_THROUGH);
      const probe = {};
      this.passThrough = isScalarType(any) && any.parseValue(probe) === probe;
    }
    if (!this.passThrough) return undefined;
    let plan = this.plans.get(operation);
    if (plan === undefined) this.plans.set(operation, (plan = planFor(schema, document, operation)));
    if (!plan) return undefined;
    const { names, key } = plan;
    // A caller who may not compile uses what was compiled for others, without touching its recency.
    const fn = mayCompile
      ? this.parsers.parserFor(schema, key, (operation.variableDefinitions ?? []).filter((d) => names.includes(d.variable.name.value)))
      : this.parsers.compiled(schema, key, false);
    if (!fn) return null;
    let result: ReturnType<CompiledVariableParser>;
    try {
      result = fn(variables);
    } catch {
      return null;
    }
    if (failToParseVariables(result as never) || !result.coerced) return null;
    const out = { ...variables };
    for (const name of plan.names) {
      if (Object.prototype.hasOwnProperty.call(result.coerced, name) && result.coerced[name] !== undefined) out[name] = result.coerced[name];
      else delete out[name];
    }
    return { document: plan.document, variables: out };
  }
}

/** The variables worth compiling (their type holds an input object; no default value) and the rewritten document. */
function planFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Plan | null {
  const chosen = (operation.variableDefinitions ?? []).filter((d) => {
    if (d.defaultValue || d.variable.name.value in Object.prototype) return false;
    const type = typeFromAST(schema, d.type);
    return !!type && isInputType(type) && isInputObjectType(namedOf(type));
  });
  if (!chosen.length) return null;
  const passThrough = (t: TypeNode): TypeNode =>
    t.kind === Kind.NAMED_TYPE ? { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: PASS_THROUGH } } : { ...t, type: passThrough(t.type) as never };
  const op: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: operation.variableDefinitions!.map((d) => (chosen.includes(d) ? { ...d, type: passThrough(d.type) as VariableDefinitionNode['type'] } : d)),
  };
  return {
    names: chosen.map((d) => d.variable.name.value),
    document: { ...document, definitions: document.definitions.map((d) => (d === operation ? op : d)) },
    key: chosen.map((d) => print(d)).join(','),
  };
}

function namedOf(type: GraphQLInputType): GraphQLInputType {
  let t = type;
  while (isNonNullType(t) || isListType(t)) t = t.ofType as GraphQLInputType;
  return t;
}

