import type { IncomingHttpHeaders } from 'node:http';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GATEWAY_CONTEXT_HEADER, type KitContext, type Principal, principalFromAuthorization, requestIdHeaders, signGatewayContext } from '@ioc-graph/kit/internal';
import { instrumentSubgraphFetch } from './observability/subgraph-fetch';

/** The gateway's request context: who asks, from the client's `Authorization: Bearer` token. */
export interface GatewayContext extends KitContext {
  principal: Principal | null;
}

/** Builds the context of an HTTP request; a bad token is refused (UNAUTHENTICATED, 401). */
export async function gatewayContext(headers: IncomingHttpHeaders): Promise<GatewayContext> {
  return { principal: await principalFromAuthorization(headers.authorization) };
}

const signed = new WeakMap<object, Promise<string>>();

/** Forwards the principal to subgraphs as a short-lived JWT signed with IOC_GATEWAY_SECRET. */
export class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    /** The subgraph's name, for metrics. @default its URL */
    readonly subgraphName: string = config?.url ?? 'unknown',
  ) {
    // Node's own fetch (undici: keep-alive, no cache layer) instead of the default make-fetch-happen,
    // which adds milliseconds per subgraph fetch and queues behind a small socket pool.
    super({ fetcher: fetch as never, ...config });
  }

  /** Times the fetch (`ioc_subgraph_fetch_duration_seconds`); the request id is set in willSendRequest. */
  override process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    return instrumentSubgraphFetch(this.subgraphName, () => super.process(options));
  }

  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): Promise<void> {
    for (const [name, value] of Object.entries(requestIdHeaders())) request.http?.headers.set(name, value);
    const principal = (context as Partial<GatewayContext> | undefined)?.principal;
    if (!principal || !request.http) return;
    let token = signed.get(context);
    if (!token) signed.set(context, (token = signGatewayContext(principal)));
    request.http.headers.set(GATEWAY_CONTEXT_HEADER, await token);
  }
}
