import { metrics } from '@ioc-graph/kit/internal';
import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { OpenTelemetrySpanNames, tracer } from '@apollo/gateway/dist/utilities/opentelemetry';
import type { OperationContext } from '@apollo/gateway/dist/operationContext';
import { type NormalisedOperation, normaliseOperation, restoreResult } from './operation-normaliser';
import { VariablesCheck } from './variables-check';

export interface QueryGatewayOptions {
  /**
   * Identical queries in flight (same document, operation name, variables and caller) share one
   * execution. Never mutations. @default true (IOC_QUERY_DEDUPE=0 turns it off)
   */
  dedupe?: boolean;
  /** Normalised operations kept (one per distinct document), and compiled variables checks (one per distinct variable declarations). @default 1000 */
  maxOperations?: number;
  /** Variables checks callers without a credential may have compiled per minute (see `VariablesCheckOptions`). @default 10 */
  anonymousCompilesPerMinute?: number;
  /** Answers a query from a cache of whole answers or runs it (see cache/response-cache.ts). @default run it */
  answer?: (rc: GatewayGraphQLRequestContext, run: () => Promise<GatewayExecutionResult>) => Promise<GatewayExecutionResult>;
}

type Executor = ApolloGateway['executor'];
/** `ApolloGateway#validateIncomingRequest` (private in its typings). */
type ValidateIncomingRequest = (rc: GatewayGraphQLRequestContext, oc: OperationContext) => readonly GraphQLError[];

/** Documents longer than this are not kept among the normalised operations. */
const MAX_KEPT_SOURCE_CHARS = 64 * 1024;

/**
 * The client's variables as a key part (inbound dedupe, whole-answer cache), or `undefined` when
 * they cannot be serialised (nested thousands deep, JSON.stringify overflows the stack): the
 * request then runs on its own instead of failing with a 500. With the operation, only the variables
 * it declares count (an absent one stays absent, apart from an explicit null): the others change
 * nothing in the answer, and keying by them would let any caller miss the cache at will.
 */
export function variablesKey(variables: Record<string, unknown> | undefined, operation?: OperationDefinitionNode): string | undefined {
  try {
    if (!operation || !variables) return JSON.stringify(variables ?? {});
    const declared: Record<string, unknown> = {};
    for (const d of operation.variableDefinitions ?? []) {
      const name = d.variable.name.value;
      if (Object.hasOwn(variables, name)) declared[name] = variables[name];
    }
    return JSON.stringify(declared);
  } catch {
    return undefined;
  }
}

/**
 * Apollo Gateway with the IOC's query path in front of its executor: operations are normalised
 * before planning (see `normaliseOperation`: alias and type-condition faults of @apollo/gateway)
 * and the answer is mapped back; identical queries in flight are executed once. Query plans stay
 * cached by Apollo's own bounded LRU `queryPlanStore`, keyed by the caller's document hash (the
 * normalised form is a function of it and of the schema, and the store is cleared on a schema change).
 */
export class QueryGateway extends ApolloGateway {
  /** Requests answered by an identical request in flight. */
  dedupeHits = 0;
  private readonly normalised = new Map<string, NormalisedOperation & { schema: GraphQLSchema }>();
  private readonly inflight = new Map<string, Promise<GatewayExecutionResult>>();
  private readonly variablesCheck: VariablesCheck;

  constructor(config: GatewayConfig, private readonly queryOptions: QueryGatewayOptions = {}) {
    super(config);
    this.variablesCheck = new VariablesCheck({ maxOperations: queryOptions.maxOperations, anonymousCompilesPerMinute: queryOptions.anonymousCompilesPerMinute });
    // Variables a compiled check accepts skip graphql-js's walk; anything else (every rejection)
    // goes through Apollo's own check, so bad variables are answered exactly as before.
    const gateway = this as unknown as { validateIncomingRequest: ValidateIncomingRequest };
    const validate = gateway.validateIncomingRequest.bind(this);
    gateway.validateIncomingRequest = (rc, oc) => {
      const definitions = oc.operation.variableDefinitions;
      const anonymous = !(rc.context as { principal?: unknown } | undefined)?.principal;
      if (definitions?.length && this.variablesCheck.accepts(oc.schema, definitions, rc.request.variables || {}, { anonymous })) {
        return tracer.startActiveSpan(OpenTelemetrySpanNames.VALIDATE, (span) => (span.end(), []));
      }
      return validate(rc, oc);
    };
    const execute: Executor = this.executor;
    const answer = queryOptions.answer ?? ((_rc, run) => run());
    // No resolved operation (several in the document and no or an unknown operationName): a client
    // mistake, answered as a subgraph answers it (Apollo Gateway's executor would throw: a 500).
    this.executor = async (rc) => (rc.operation ? answer(rc, () => this.dedupe(rc, () => this.normaliseAndExecute(rc, execute))) : operationNotResolved(rc));
  }

  private dedupe(rc: GatewayGraphQLRequestContext, run: () => Promise<GatewayExecutionResult>): Promise<GatewayExecutionResult> {
    if (this.queryOptions.dedupe === false || rc.operation.operation !== 'query') return run();
    const principal = (rc.context as { principal?: unknown } | undefined)?.principal ?? null;
    const variables = variablesKey(rc.request.variables, rc.operation);
    if (variables === undefined) return run();
    const key = `${JSON.stringify(principal)}\n${rc.request.operationName ?? ''}\n${variables}\n${rc.queryHash}`;
    const shared = this.inflight.get(key);
    if (shared) {
      this.dedupeHits++;
      metrics.dedupeHits.inc({ kind: 'inbound' });
      // Each caller gets its own envelope; Apollo Server only reads `data`.
      return shared.then((r) => ({ ...r, errors: r.errors && [...r.errors] }));
    }
    const p: Promise<GatewayExecutionResult> = run().finally(() => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    });
    this.inflight.set(key, p);
    return p;
  }

  /**
   * New requests stop joining the executions in flight (they finish for their callers): after a
   * write, an execution that started before it may answer what the write changed.
   */
  detachInflight(): void {
    this.inflight.clear();
  }

  private async normaliseAndExecute(rc: GatewayGraphQLRequestContext, execute: Executor): Promise<GatewayExecutionResult> {
    const n = this.normalise(rc);
    if (!n.changed) return execute(rc);
    const result = await execute({ ...rc, document: n.document, operation: n.operation });
    return n.aliases ? restoreResult(result, n.aliases) : result;
  }

  private normalise(rc: GatewayGraphQLRequestContext): NormalisedOperation {
    const key = `${rc.queryHash}\n${rc.request.operationName ?? ''}`;
    const hit = this.normalised.get(key);
    if (hit && hit.schema === rc.schema) return hit.changed ? hit : { ...hit, document: rc.document, operation: rc.operation };
    const n = { ...normaliseOperation(rc.schema, rc.document, rc.request.operationName), schema: rc.schema };
    // A large document (a megabyte of string literal) is normalised each time rather than kept:
    // 1,000 of them would hold gigabytes (Apollo's own stores are bounded by size).
    if ((rc.source?.length ?? 0) > MAX_KEPT_SOURCE_CHARS) return n.changed ? n : { ...n, document: rc.document, operation: rc.operation };
    if (this.normalised.size >= (this.queryOptions.maxOperations ?? 1000)) this.normalised.delete(this.normalised.keys().next().value!);
    this.normalised.set(key, n);
    return n.changed ? n : { ...n, document: rc.document, operation: rc.operation };
  }
}

/** The 400 of a document whose operation cannot be chosen, in Apollo Server's vocabulary. */
function operationNotResolved(rc: GatewayGraphQLRequestContext): GatewayExecutionResult {
  const name = rc.request.operationName;
  if (rc.response?.http) rc.response.http.status = 400;
  const message = name ? `Unknown operation named "${name}".` : 'Must provide operation name if query contains multiple operations.';
  return { errors: [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })] };
}
