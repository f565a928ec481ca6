import { type GraphQLDataSource, type ServiceMap, executeQueryPlan } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import type { Logger, Principal } from '@ioc-graph/kit/internal';
import { AuthenticatedDataSource } from '../auth';
import { restoreResult } from '../query/operation-normaliser';
import type { OperationPlanner, PreparedOperation } from './planner';

/** The pseudo-service that hands the primary's event to the plan. */
const EVENT_SERVICE = '__iocSubscriptionEvent';
const EVENT_DATA = Symbol('event data');

/** The context of an execution, like the gateway's HTTP context: who asks (forwarded signed). */
export interface ExecutionContext {
  principal: Principal | null;
  [EVENT_DATA]?: Record<string, unknown>;
}

/**
 * Runs query plans with Apollo Gateway's own executor (`executeQueryPlan`): queries and mutations,
 * and the `rest` of a subscription for each event, seeded with the primary's data by a pseudo-fetch.
 */
export class PlanExecutor {
  private readonly serviceMap: ServiceMap;
  private readonly eventPlans = new WeakMap<PreparedOperation, QueryPlan>();

  constructor(
    private readonly planner: OperationPlanner,
    private readonly logger: Logger,
    /** The data source of each subgraph (the gateway's bounded, circuit-broken one). @default AuthenticatedDataSource */
    dataSource: (name: string, url: string) => GraphQLDataSource = (name, url) => new AuthenticatedDataSource({ url }, name),
  ) {
    const eventSource: GraphQLDataSource<ExecutionContext> = {
      process: async ({ context }) => ({ data: (context as ExecutionContext)[EVENT_DATA] ?? null }),
    };
    const map: ServiceMap = {};
    for (const [name, url] of Object.entries(planner.subgraphUrls())) map[name] = dataSource(name, url);
    map[EVENT_SERVICE] = eventSource as GraphQLDataSource;
    this.serviceMap = map;
  }

  /** Executes a prepared query or mutation. */
  execute(op: PreparedOperation, variables: Record<string, unknown>, context: ExecutionContext): Promise<GatewayExecutionResult> {
    return this.run(op, op.plan!, variables, context);
  }

  /**
   * Completes one subscription event: `data` is what the primary fetch returned; the rest of the
   * plan fetches the fields of other subgraphs, and the result is shaped like the client's operation
   * (aliases, and without the fields only the plan needed).
   */
  completeEvent(op: PreparedOperation, data: Record<string, unknown>, variables: Record<string, unknown>, context: ExecutionContext) {
    let plan = this.eventPlans.get(op);
    if (!plan) {
      const seed: FetchNode = {
        kind: 'Fetch',
        serviceName: EVENT_SERVICE,
        operation: '{__typename}',
        operationName: undefined,
        operationKind: OperationTypeNode.QUERY,
        variableUsages: [],
      };
      plan = { kind: 'QueryPlan', node: op.rest ? { kind: 'Sequence', nodes: [seed, op.rest] } : seed };
      this.eventPlans.set(op, plan);
    }
    return this.run(op, plan, variables, { ...context, [EVENT_DATA]: data });
  }

  private async run(op: PreparedOperation, plan: QueryPlan, variables: Record<string, unknown>, context: ExecutionContext): Promise<GatewayExecutionResult> {
    const result = await this.runPlan(op, plan, variables, context);
    return op.aliases ? restoreResult(result, op.aliases) : result;
  }

  private runPlan(op: PreparedOperation, plan: QueryPlan, variables: Record<string, unknown>, context: ExecutionContext) {
    const requestContext = {
      request: { query: undefined, variables, operationName: op.operationContext.operation.name?.value },
      context,
      logger: this.logger,
      metrics: {},
      cache: undefined,
      overallCachePolicy: { restrict() {}, replace() {}, policyIfCacheable: () => null },
    } as unknown as GatewayGraphQLRequestContext;
    return executeQueryPlan(plan, this.serviceMap, requestContext, op.operationContext, this.planner.supergraphSchema, this.planner.apiSchema);
  }
}
