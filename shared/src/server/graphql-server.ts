import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log';
import { observeHttp } from '../observability/http-observability';
import { listen } from './ports';

export interface GraphQLServerOptions<TContext extends object> {
  /** Service name, for logs and error messages. */
  name: string;
  /** The schema to serve; or `gateway` for a federation gateway. */
  schema?: GraphQLSchema;
  gateway?: GatewayInterface;
  /**
   * Serves WebSocket connections on `/graphql`. Default: graphql-ws over `schema`.
   * A gateway passes its own subscription executor.
   */
  websocket?: (wss: WebSocketServer) => { dispose(): Promise<void> | void };
  /** 0 = any free port. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The variable that sets the port, named when the port is taken. */
  portEnv: string;
  logger: Logger;
  /** Context of an HTTP request, from its headers. */
  context: (headers: http.IncomingHttpHeaders) => Promise<TContext>;
  /** Context of a WebSocket subscription, from the upgrade request and `connection_init` payload. */
  wsContext?: (headers: http.IncomingHttpHeaders, connectionParams: Record<string, unknown> | undefined) => Promise<TContext>;
  /** Extra facts for `/healthz`; a rejection makes it answer 503. */
  health?: () => Promise<Record<string, unknown>>;
  plugins?: ApolloServerPlugin<TContext>[];
  /** Mount more routes before GraphQL (e.g. static files). */
  routes?: (app: Express) => void;
  /** @default true */
  introspection?: boolean;
}

export interface GraphQLServerHandle {
  port: number;
  url: string;
  wsUrl: string;
  httpServer: http.Server;
  dispose(): Promise<void>;
}

/**
 * An HTTP server with Apollo Server on `/graphql`, graphql-ws subscriptions on the same path and
 * `/healthz`. Returns `dispose()`, which closes sockets and drains requests.
 */
export async function startGraphQLServer<TContext extends object>(
  options: GraphQLServerOptions<TContext>,
): Promise<GraphQLServerHandle> {
  const app = express();
  const observed = observeHttp(app, { logger: options.logger }); // request ids, /metrics, request timing
  const httpServer = http.createServer(app);
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = options.websocket
    ? options.websocket(wss)
    : useServer(
        {
          schema: options.schema,
          context: (ctx) =>
            (options.wsContext ?? ((h) => options.context(h)))(ctx.extra.request.headers, ctx.connectionParams),
        },
        wss,
      );
  const apollo = new ApolloServer<TContext>({
    ...(options.gateway ? { gateway: options.gateway } : { schema: options.schema! }),
    introspection: options.introspection ?? true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(options.gateway ? [] : [ApolloServerPluginInlineTraceDisabled()]),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      observed.plugin as ApolloServerPlugin<TContext>,
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      const extra = (await options.health?.()) ?? {};
      res.json({ status: 'ok', service: options.name, ...extra });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', service: options.name, error: (err as Error).message });
    }
  });
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '5mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => options.context(req.headers) }),
  );

  const host = options.host ?? '127.0.0.1';
  const port = await listen(httpServer, options.port, host, { service: options.name, envVar: options.portEnv });
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  let disposed: Promise<void> | undefined;
  return {
    port,
    url: `http://${shown}:${port}/graphql`,
    wsUrl: `ws://${shown}:${port}/graphql`,
    httpServer,
    dispose: () =>
      (disposed ??= (async () => {
        await apollo.stop(); // drains HTTP, and closes sockets with 1001 (going away)
        wss.close();
      })()),
  };
}
