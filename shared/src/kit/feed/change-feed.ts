import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLID, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import { GATEWAY_QUERY_CACHE_SUBJECT } from '../../auth/tokens';
import type { Logger } from '../../log';
import { type OperationLimits, operationLimits } from '../../server/limits';
import { protectedWsHooks } from '../../server/ws-protections';
import type { KitContext } from '../kit.context';
import type { FeedHub } from './feed-hub';

/**
 * Where a subgraph serves its change feed, under its GraphQL path (`/graphql` → `/graphql/changes`).
 * Its `/healthz` says `changeFeed: CHANGE_FEED_VERSION` when it does.
 */
export const CHANGE_FEED_PATH = 'changes';
/** The change feed's protocol, as `/healthz` announces it (`changeFeed`). A gateway that knows another uses the readings feed. */
export const CHANGE_FEED_VERSION = 1;

/** The subscription a gateway sends (see {@link changeFeedSchema}). */
export const CHANGE_FEED_SUBSCRIPTION = 'subscription IocChanges($after: ID) { changes(after: $after) { cursor unitCodes } }';

/**
 * The change feed's own small schema, outside the subgraph's federated SDL (nothing of it reaches
 * the supergraph or the public contract):
 * `subscription { changes(after: ID): FeedChanges! }`, `FeedChanges { cursor: ID!, unitCodes: [String!]! }`
 * — one event per page of readings the hub reads from the outbox (see {@link FeedHub.changes}),
 * and `query { feedPosition: ID! }` (a schema needs a query type).
 */
export function changeFeedSchema(hub: () => FeedHub): GraphQLSchema {
  const FeedChanges = new GraphQLObjectType({
    name: 'FeedChanges',
    fields: {
      cursor: { type: new GraphQLNonNull(GraphQLID), description: 'Where the page ends: pass it as `after` to resume.' },
      unitCodes: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLString))), description: 'The distinct units of the page\'s readings.' },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { feedPosition: { type: new GraphQLNonNull(GraphQLID), resolve: () => hub().position } },
    }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        changes: {
          type: new GraphQLNonNull(FeedChanges),
          args: { after: { type: GraphQLID, description: 'Resume after this cursor; omitted: from now on.' } },
          subscribe: (_root, args: { after?: string | null }) => hub().changes(args.after),
          resolve: (page: unknown) => page,
        },
      },
    }),
  });
}

export interface ChangeFeedServerOptions {
  hub: () => FeedHub;
  /** The subgraph's context function (the gateway's signed context): a connection without the gateway's own principal is refused. */
  context: (headers: IncomingHttpHeaders, connectionParams: Record<string, unknown> | undefined) => Promise<KitContext>;
  logger: Logger;
  /** The operation limits, as at the subgraph's `/graphql`. @default the process's (`IOC_MAX_*`, see limits.ts) */
  limits?: OperationLimits;
}

/**
 * Serves the change feed over graphql-ws on `wss` (its own path, see {@link CHANGE_FEED_PATH}).
 * Only the gateway's query cache may subscribe: `connection_init` must carry the gateway's signed
 * context (or the upgrade its header) for its own principal ({@link GATEWAY_QUERY_CACHE_SUBJECT}, a
 * subject no client token may name, so a context the gateway signed on a caller's behalf — which a
 * subgraph sharing the secret could replay — is not it), else the socket is closed with 4403
 * Forbidden: the feed tells which units changed when, which the public readings feed tells too, but
 * it is plumbing, not an API. Documents get the protections of the public endpoint (the operation
 * limits, errors that are not GraphQL errors masked: see `protectedWsHooks`).
 */
export function serveChangeFeed(wss: WebSocketServer, o: ChangeFeedServerOptions): { dispose(): Promise<void> | void } {
  const schema = changeFeedSchema(o.hub);
  return useServer<Record<string, unknown> | undefined, { principal: NonNullable<KitContext['principal']> }>(
    {
      schema,
      ...protectedWsHooks(schema, o.limits ?? operationLimits(), o.logger),
      onConnect: async (ctx) => {
        try {
          const { principal } = await o.context(ctx.extra.request.headers, ctx.connectionParams);
          if (principal?.subject !== GATEWAY_QUERY_CACHE_SUBJECT) return false;
          ctx.extra.principal = principal;
          return true;
        } catch {
          return false; // refused context: logged by the context function
        }
      },
      context: (ctx) => ({ principal: ctx.extra.principal }),
    },
    wss,
  );
}
