import type { IncomingHttpHeaders } from 'node:http';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import {
  GATEWAY_CONTEXT_HEADER,
  GATEWAY_CONTEXT_TTL_SECONDS,
  GATEWAY_HEALTH_PROBE_SUBJECT,
  type KitContext,
  type Logger,
  type Principal,
  checkSecret,
  contextSecretVariable,
  createLogger,
  principalFromAuthorizationHeader,
  readContextSecret,
  requestIdHeaders,
  signGatewayContext,
} from '@ioc-graph/kit/internal';
import { AgencyRegistry } from './agency-registry';
import { principalKey } from './subscriptions/auth';
import type { SubgraphEntry, UnresolvedEntry } from './supergraph';
import { instrumentSubgraphFetch } from './observability/subgraph-fetch';

/** The gateway's request context: who asks, from the client's `Authorization: Bearer` token. */
export interface GatewayContext extends KitContext {
  principal: Principal | null;
}

/**
 * What the gateway's trust depends on, per graph: each subgraph's context secret (its
 * `context_secret` in the supergraph config, else `<NAME>_CONTEXT_SECRET`, else `IOC_GATEWAY_SECRET`)
 * and where the agency registry lives (the governance subgraph).
 */
interface AuthState {
  secrets: Map<string, { secret: Uint8Array; source: string }>;
  names: Map<string, string>; // routing URL → subgraph name
  registry: AgencyRegistry | null;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

let state: AuthState = { secrets: new Map(), names: new Map(), registry: null, env: process.env, logger: createLogger('gateway') };

/**
 * Sets the subgraphs the gateway signs contexts for (call again after a reload of the supergraph
 * config). Resolves every subgraph's secret now, so a missing or refused one of a `core` subgraph
 * stops the start; a partner's (not in `core`) is returned instead, to leave that partner out.
 * @param options.core the subgraphs whose secret must resolve. @default every subgraph
 * @returns the partners without a usable secret, each with the reason (names the variable to set)
 * @throws SecretError naming the subgraph's secret
 */
export function configureGatewayAuth(
  subgraphs: SubgraphEntry[],
  options: { env?: NodeJS.ProcessEnv; logger?: Logger; registrySubgraph?: string; core?: readonly string[] } = {},
): UnresolvedEntry[] {
  const env = options.env ?? process.env;
  const secrets = new Map<string, { secret: Uint8Array; source: string }>();
  const refused: UnresolvedEntry[] = [];
  for (const s of subgraphs) {
    try {
      if (s.contextSecret) {
        secrets.set(s.name, { secret: checkSecret(`context_secret of subgraph ${s.name}`, s.contextSecret, env), source: `context_secret of ${s.name}` });
      } else {
        const { secret, variable } = readContextSecret(s.name, env);
        secrets.set(s.name, { secret, source: variable });
      }
    } catch (err) {
      if (!options.core || options.core.includes(s.name)) throw err;
      refused.push({ name: s.name, kind: 'unsigned', missing: s.contextSecret ? [] : [contextSecretVariable(s.name)], reason: (err as Error).message });
    }
  }
  subgraphs = subgraphs.filter((s) => secrets.has(s.name));
  const registryEntry = subgraphs.find((s) => s.name === (options.registrySubgraph ?? 'governance'));
  const previous = state.registry;
  state = {
    secrets,
    names: new Map(subgraphs.map((s) => [s.routingUrl, s.name])),
    registry: registryEntry ? (previous?.url === registryEntry.routingUrl ? previous : new AgencyRegistry(registryEntry.routingUrl)) : null,
    env,
    logger: options.logger ?? state.logger,
  };
  contextCache.clear();
  return refused;
}

/** Signed contexts by principal, then subgraph, kept for most of their 60 s lifetime. */
const contextCache = new Map<string, Map<string, { token: Promise<string>; until: number }>>();
/** Bound of the cache (distinct principals); beyond it the oldest are dropped. */
const CONTEXT_CACHE_MAX = 10_000;
/** A cached context is reused until this long before it expires (a request may still be under way). */
const REUSE_MS = (GATEWAY_CONTEXT_TTL_SECONDS - 15) * 1000;


/**
 * The `x-ioc-context` header value for a request to `subgraphName` on behalf of `principal`: a JWT
 * (HS256, 60 s) signed with that subgraph's own context secret, so a partner never holds a secret a
 * core subgraph trusts. Cached per principal and subgraph for most of its lifetime.
 * @throws SecretError when the subgraph has no usable secret
 */
export function contextHeaderFor(subgraphName: string, principal: Principal): Promise<string> {
  const key = principalKey(principal);
  let perSubgraph = contextCache.get(key);
  const now = Date.now();
  const hit = perSubgraph?.get(subgraphName);
  if (hit && hit.until > now) return hit.token;
  const configured = state.secrets.get(subgraphName);
  const token = signGatewayContext(principal, state.env, { name: subgraphName, secret: configured?.secret });
  token.catch(() => perSubgraph?.delete(subgraphName)); // never cache a failure
  if (!perSubgraph) {
    if (contextCache.size >= CONTEXT_CACHE_MAX) contextCache.delete(contextCache.keys().next().value!);
    contextCache.set(key, (perSubgraph = new Map()));
  }
  perSubgraph.set(subgraphName, { token, until: now + REUSE_MS });
  return token;
}

/** Where a subgraph's context secret comes from, for messages (`ECONOMY_CONTEXT_SECRET`, `context_secret of health`). */
function secretSourceOf(subgraphName: string): string {
  return state.secrets.get(subgraphName)?.source ?? contextSecretVariable(subgraphName);
}

/**
 * Builds the context of an HTTP request. A bad token is refused (UNAUTHENTICATED, 401); a reporter
 * whose agency is not in the agency registry (governance's `agencies`) is refused (FORBIDDEN, 403),
 * so a token for an unregistered agency writes nothing anywhere in the graph.
 */
export async function gatewayContext(headers: IncomingHttpHeaders): Promise<GatewayContext> {
  const principal = await principalFromAuthorizationHeader(headers.authorization);
  if (principal && principal.agencyCode && !principal.roles.includes('admin') && state.registry) {
    await state.registry.assertRegistered(principal.agencyCode);
  }
  return { principal };
}

/** Forwards the principal to each subgraph as a short-lived JWT signed with that subgraph's context secret. */
export class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    /** The subgraph's name, for metrics and messages. @default the name its URL has in the supergraph config */
    private readonly givenName?: string,
  ) {
    // Node's own fetch (undici: keep-alive, no cache layer) instead of the default make-fetch-happen,
    // which adds milliseconds per subgraph fetch and queues behind a small socket pool.
    super({ fetcher: fetch as never, ...config });
  }

  get subgraphName(): string {
    return this.givenName ?? state.names.get(this.url) ?? new URL(this.url).host;
  }

  /** Times the fetch (`ioc_subgraph_fetch_duration_seconds`); the request id is set in willSendRequest. */
  override process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    return instrumentSubgraphFetch(this.subgraphName, () => super.process(options));
  }

  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): Promise<void> {
    for (const [name, value] of Object.entries(requestIdHeaders())) request.http?.headers.set(name, value);
    const principal = (context as Partial<GatewayContext> | undefined)?.principal;
    if (!principal || !request.http) return;
    request.http.headers.set(GATEWAY_CONTEXT_HEADER, await contextHeaderFor(this.subgraphName, principal));
  }

  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 401) return contextMismatch(this.subgraphName);
    return super.errorFromResponse(response);
  }
}

/**
 * A signed context for the health probe of a subgraph (a viewer: no more than anyone may read): the
 * subgraph's `/healthz` verifies it, so a secret that differs shows as `context refused` in the
 * gateway's health before any call fails. `null` when the gateway has no secret for it (then the calls have none either).
 */
export async function probeContextHeader(subgraphName: string): Promise<string | null> {
  return contextHeaderFor(subgraphName, { subject: GATEWAY_HEALTH_PROBE_SUBJECT, roles: ['viewer'] }).catch(() => null);
}

/** The health text of a subgraph that refused the gateway's signed context; its kind is `context refused`. */
export function contextRefusedReason(subgraphName: string): string {
  return `context refused (its context secret differs from the gateway's: align ${secretSourceOf(subgraphName)} with ${contextSecretVariable(subgraphName)} at the subgraph; every call to it is refused)`;
}

/**
 * A subgraph refused the gateway's signed context: logged here with the secret to align (the
 * subgraph logs its side) and answered with a 401 naming the subgraph only: no secret's name, no
 * internal address.
 */
export function contextMismatch(subgraphName: string): GraphQLError {
  const source = secretSourceOf(subgraphName);
  state.logger.error(
    { subgraph: subgraphName, secret: source },
    `the ${subgraphName} subgraph refused the gateway's signed context (401): its context secret differs from the gateway's (${source}; ${contextSecretVariable(subgraphName)} at the subgraph)`,
  );
  return new GraphQLError(
    // The caller learns which subgraph and that an operator must act; the secret's names are in the log only.
    `The ${subgraphName} subgraph refused the gateway's signed context: the gateway is misconfigured (an operator finds the fix in the gateway's log)`,
    { extensions: { code: 'UNAUTHENTICATED', serviceName: subgraphName, http: { status: 401 } } },
  );
}
