import { normaliseOperation } from '../query/operation-normaliser';
import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { type OperationLimits, operationLimits, parseAndValidate } from '@ioc-graph/kit/internal';

type OperationContext = ReturnType<typeof buildOperationContext>;
import { type FetchNode, type PlanNode, type QueryPlan, QueryPlanner } from '@apollo/query-planner';
import {
  type DocumentNode, type FieldNode, GraphQLError, type GraphQLSchema, Kind, type OperationDefinitionNode,
  OperationTypeNode, getNamedType, isObjectType, parse, print, visit,
} from 'graphql';

/** Longest operation text kept in the plan cache (a dashboard's subscription is a few hundred characters). */
export const MAX_KEPT_QUERY_CHARS = 16 * 1024;
/** The variable that carries the resume cursor in a primary fetch. */
export const RESUME_VARIABLE = '__iocAfter';
/** The alias under which the primary fetch asks for the cursor of each event. */
export const CURSOR_ALIAS = '__iocCursor';

/** How to (re)subscribe the primary fetch of a subscription to its subgraph. */
export interface PrimaryFetch {
  serviceName: string;
  /** The subscription sent to the subgraph (with the resume variable and cursor alias if resumable). */
  query: string;
  /** Variables of the client's request that the primary uses. */
  variableUsages: string[];
  /** Response name of the subscription field, where each event's data sits. */
  responseName: string;
  /**
   * Present when the field takes `after` and its type has `cursor`: the subgraph can be resubscribed
   * after the last cursor. `initialAfter` reads the client's own `after` from its variables.
   */
  resume: {
    initialAfter(variables: Record<string, unknown>): string | null;
    /** The client's variable that carries `after`, if any (left out of the topic's identity). */
    afterVariable: string | null;
  } | null;
}

/** An operation parsed, validated and planned once, shared by every request with the same text. */
export interface PreparedOperation {
  /** The operation's identity: its printed document and name. */
  key: string;
  kind: OperationTypeNode;
  operationContext: OperationContext;
  /** For queries and mutations. */
  plan?: QueryPlan;
  /** For subscriptions: the primary fetch and the plan of the rest, run per event. */
  primary?: PrimaryFetch;
  rest?: PlanNode;
  /** The client's aliases by the internal names the plan uses (see `normaliseOperation`); restore them in results. */
  aliases?: Map<string, string>;
}

export interface PlannerOptions {
  supergraphSdl: string;
  /** @default 500 */
  cacheSize?: number;
  /** The same limits as HTTP. @default operationLimits() */
  limits?: OperationLimits;
}

/**
 * Plans operations with the federation query planner, like the gateway does for HTTP, and keeps the
 * plans of subscriptions apart: the primary fetch (to run over graphql-ws) and the rest.
 */
export class OperationPlanner {
  readonly supergraph: Supergraph;
  readonly apiSchema: Schema;
  /** The API schema (what clients see). */
  readonly schema: GraphQLSchema;
  /** The supergraph schema (with join directives), as the executor needs it. */
  readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, PreparedOperation>();
  private readonly cacheSize: number;
  private readonly limits: OperationLimits;

  constructor(options: PlannerOptions) {
    this.supergraph = Supergraph.build(options.supergraphSdl);
    this.apiSchema = this.supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = this.supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(this.supergraph);
    this.cacheSize = options.cacheSize ?? 500;
    this.limits = options.limits ?? operationLimits();
  }

  /** The subgraphs and their routing URLs. */
  subgraphUrls(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const s of this.supergraph.subgraphs()) out[s.name] = s.url;
    return out;
  }

  /** Parses, validates and plans; throws GraphQLErrors (an array) for a bad operation. */
  prepare(query: string, operationName?: string | null): PreparedOperation {
    const cacheKey = `${operationName ?? ''}\u0000${query}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    // Token limit in the parser, then the limit rules with graphql's own (as on HTTP).
    const checked = parseAndValidate(this.schema, query, this.limits);
    if (checked.errors) throw checked.errors;
    // The same rewrite as on HTTP (query/operation-normaliser): fragments inlined, aliases made
    // internal, so the planner's known bugs with key-name aliases and nested type conditions stay away.
    const normalised = normaliseOperation(this.schema, checked.document, operationName);
    const document: DocumentNode = normalised.changed ? normalised.document : checked.document;
    let operationContext: OperationContext;
    try {
      operationContext = buildOperationContext({ schema: this.schema, operationDocument: document, operationName: operationName ?? undefined });
    } catch (err) {
      // graphql-js and Apollo throw GraphQLErrors here; anything else is not the client's to read.
      throw [err instanceof GraphQLError ? err : new GraphQLError('The operation could not be planned', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
    }
    const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
    const plan = this.planner.buildQueryPlan(operation);
    const kind = operationContext.operation.operation;
    // The key is the client's document: a reload re-plans from it (normalising it again).
    const prepared: PreparedOperation = { key: `${operationName ?? ''}\u0000${print(checked.document)}`, kind, operationContext };
    if (normalised.changed && normalised.aliases) prepared.aliases = normalised.aliases;
    if (plan.node?.kind === 'Subscription') {
      prepared.primary = this.primaryFetch(plan.node.primary);
      prepared.rest = plan.node.rest;
    } else {
      prepared.plan = plan;
    }
    // A long text (a client's megabyte string literal) is prepared again each time rather than kept:
    // the cache holds its key, printed key and document, three copies per entry.
    if (query.length > MAX_KEPT_QUERY_CHARS) return prepared;
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, prepared);
    return prepared;
  }

  /** Rewrites the primary fetch so it can resume: `after: $__iocAfter` and `__iocCursor: cursor`. */
  private primaryFetch(fetch: FetchNode): PrimaryFetch {
    const doc = parse(fetch.operation);
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const root = op.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD)!;
    const responseName = root.alias?.value ?? root.name.value;
    const field = this.supergraphSchema.getSubscriptionType()?.getFields()[root.name.value];
    const type = field && getNamedType(field.type);
    const resumable = !!field?.args.some((a) => a.name === 'after') && isObjectType(type) && !!type.getFields().cursor;
    const base = { serviceName: fetch.serviceName, responseName };
    if (!resumable) return { ...base, query: fetch.operation, variableUsages: fetch.variableUsages ?? [], resume: null };

    const afterArg = root.arguments?.find((a) => a.name.value === 'after');
    const initialAfter = (variables: Record<string, unknown>): string | null => {
      const v = afterArg?.value;
      if (!v) return null;
      if (v.kind === Kind.VARIABLE) {
        const got = variables[v.name.value];
        return got === undefined || got === null ? null : String(got);
      }
      if (v.kind === Kind.STRING || v.kind === Kind.INT) return v.value;
      return null;
    };
    const afterVar = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: RESUME_VARIABLE } } as const;
    const rewritten = visit(doc, {
      Field: {
        enter(node) {
          if (node !== root) return undefined;
          return {
            ...node,
            arguments: [
              ...(node.arguments ?? []).filter((a) => a.name.value !== 'after'),
              { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: afterVar },
            ],
            selectionSet: {
              ...node.selectionSet!,
              selections: [
                ...node.selectionSet!.selections,
                { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: CURSOR_ALIAS }, name: { kind: Kind.NAME, value: 'cursor' } },
              ],
            },
          };
        },
      },
    });
    // Keep only the variable definitions still used, and declare the resume variable.
    const used = new Set<string>();
    visit(rewritten, { OperationDefinition: { enter: (n) => ({ ...n, variableDefinitions: [] }) }, Variable: (v) => void used.add(v.name.value) });
    const rop = rewritten.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const final: DocumentNode = {
      ...rewritten,
      definitions: rewritten.definitions.map((d) =>
        d !== rop
          ? d
          : {
              ...rop,
              variableDefinitions: [
                ...(rop.variableDefinitions ?? []).filter((vd) => used.has(vd.variable.name.value)),
                {
                  kind: Kind.VARIABLE_DEFINITION,
                  variable: afterVar,
                  type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } },
                },
              ],
            },
      ),
    };
    const variableUsages = (fetch.variableUsages ?? []).filter((v) => used.has(v));
    const afterVariable = afterArg?.value.kind === Kind.VARIABLE ? afterArg.value.name.value : null;
    return { ...base, query: print(final), variableUsages, resume: { initialAfter, afterVariable } };
  }
}

export { OperationTypeNode };
