import http from 'node:http';
import type { Duplex } from 'node:stream';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { type FormattedExecutionResult, GraphQLError, type GraphQLSchema, OperationTypeNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log';
import { OPERATION_LIMIT_CODE, type OperationLimits, isTokenLimitError, limitRules, operationLimits, tokenLimitError } from './limits';
import { observeHttp } from '../observability/http-observability';
import { type RequestShortcut, graphqlPost } from './graphql-post';
import { listen } from './ports';
import { formatClientError } from './client-errors';
import { protectedWsHooks } from './ws-protections';
import { RequestDrain } from './drain';
import { UnfinishedBodies } from './unfinished-bodies';
import { type HealthRouteOptions, type OperatorCheck, metricsGuard, mountHealth, refusal } from './health';
import { GATEWAY_CONTEXT_HEADER } from '../auth/tokens';
import { precoercedVariablesPlugin } from './precoerced-variables';

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
  /**
   * More graphql-ws endpoints beside `/graphql`, by path (e.g. `/graphql/changes`, the kit's change
   * feed): same port, same drain, body limit and credential check at the upgrade.
   */
  sideWebsockets?: Record<string, (wss: WebSocketServer) => { dispose(): Promise<void> | void }>;
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
  /** Extra facts for `/healthz` (all of them for an admin); a rejection makes it answer 503. */
  health?: () => Promise<Record<string, unknown>>;
  /** The part of `health()` an anonymous caller sees (no addresses, paths, error texts). @default none */
  publicHealth?: HealthRouteOptions['publicHealth'];
  /**
   * How long requests in flight may finish when `dispose()` is called, in ms; those still running
   * then get a JSON 503 (SERVICE_UNAVAILABLE, `Retry-After`). @default 5000
   */
  drainMs?: number;
  plugins?: ApolloServerPlugin<TContext>[];
  /**
   * Writes an answer's JSON body (a gateway serves the text it kept with a cached answer).
   * @default Apollo Server's `JSON.stringify(value) + '\n'`
   */
  stringifyResult?: (value: FormattedExecutionResult) => string;
  /** Mount more routes before GraphQL (e.g. static files). */
  routes?: (app: Express) => void;
  /**
   * Operation limits, body limit, introspection and stack traces (README, "Security").
   * @default operationLimits(), read from the environment once
   */
  limits?: OperationLimits;
}

/** `extensions.code` of a subscription sent over HTTP (it needs graphql-ws, on the same URL). */
export const SUBSCRIPTION_OVER_HTTP_CODE = 'SUBSCRIPTION_OVER_HTTP';

/** Refuses subscriptions over HTTP with a 400 that names WebSocket (Apollo Server would answer 500). */
const refuseSubscriptionsOverHttp: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
        throw new GraphQLError(
          'Subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on this URL, not over HTTP POST/GET',
          { extensions: { code: SUBSCRIPTION_OVER_HTTP_CODE, http: { status: 400 } } },
        );
      },
    };
  },
};

/**
 * Answers errors of the HTTP layer (a body over the limit, malformed JSON) as a GraphQL error in JSON,
 * never Express's HTML page with a stack.
 */
const jsonHttpErrors =
  (limits: OperationLimits): ErrorRequestHandler =>
  (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; statusCode?: number; type?: string };
    const status = e.status ?? e.statusCode ?? 500;
    const [code, message] =
      e.type === 'entity.too.large'
        ? ['PAYLOAD_TOO_LARGE', `The request body is larger than ${limits.maxBodyBytes} bytes (IOC_MAX_BODY_BYTES)`]
        : e.type === 'entity.parse.failed'
          ? ['BAD_REQUEST', 'The request body is not valid JSON']
          : e.type === 'charset.unsupported' || e.type === 'encoding.unsupported'
            ? ['BAD_REQUEST', 'The request body must be JSON in UTF-8 (content-type: application/json), not compressed']
          : status < 500
            ? ['BAD_REQUEST', 'The request could not be read']
            : ['INTERNAL_SERVER_ERROR', 'Internal server error'];
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };

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
  const limits = options.limits ?? operationLimits();
  const app = express();
  const drain = new RequestDrain();
  // Admin or anonymous for /healthz and /metrics: the service's own credential check (its context).
  const operator: OperatorCheck = async (headers) => {
    const ctx = (await options.context(headers)) as { principal?: { roles?: string[] } | null };
    return ctx.principal?.roles?.includes('admin') ? 'admin' : 'anonymous';
  };
  app.use('/metrics', metricsGuard(operator));
  const observed = observeHttp(app, { logger: options.logger }); // request ids, /metrics, request timing
  // POST /graphql with a JSON body skips express (graphql-post.ts) once Apollo Server has started;
  // the drain guards both paths.
  let shortcut: RequestShortcut | null = null;
  const unfinished = new UnfinishedBodies(limits.maxUnfinishedBodiesPerAddress);
  const httpServer = http.createServer(drain.guard(unfinished.guard((req, res) => {
    if (!shortcut?.(req, res)) app(req, res);
  })));
  // Node's own refusals (headers over the limit, a malformed request line) answer with a code too.
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const [status, text, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request headers are larger than the server accepts']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'The request did not arrive in time']
          : [400, 'Bad Request', 'The request is not valid HTTP'];
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  // Idle keep-alive sockets stay open longer than clients keep theirs (undici: 4 s, browsers and
  // proxies up to 60 s), so a client never reuses a socket the server is closing at that moment
  // ("other side closed"). headersTimeout must stay above it (Node's rule).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  // A whole request (headers and body) must arrive within 70 s, not Node's 300 s: with the cap on
  // unfinished bodies per address, this bounds how long a stalling client holds its buffers.
  httpServer.requestTimeout = 70_000;
  // A draining server takes no new socket: 503 at the handshake, so the client goes elsewhere.
  const verifyClient = (info: { req: http.IncomingMessage }, done: (ok: boolean, code?: number, message?: string, headers?: Record<string, string>) => void) => {
    if (drain.status !== 'serving') return done(false, 503, 'Service Unavailable', { 'retry-after': '1' });
    // A credential sent with the upgrade is checked as over HTTP (the same context function): a
    // malformed or refused one gets the same 401/403 and code, never a socket that runs as anonymous.
    const h = info.req.headers;
    if (h.authorization === undefined && h[GATEWAY_CONTEXT_HEADER] === undefined) return done(true);
    options.context(h).then(
      () => done(true),
      (err: unknown) => {
        const r = refusal(err);
        done(false, r.status, JSON.stringify(r.body), { 'Content-Type': 'application/json' });
      },
    );
  };
  // One upgrade listener routes by path (ws's own `server` option lets only one path live on a server:
  // each server aborts the others' paths with 400); an unknown path gets that same 400 from `wss`.
  // A message over the body limit closes the socket with 1009 (ws), before anything parses it.
  const wss = new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: limits.maxBodyBytes, verifyClient });
  const sides = Object.entries(options.sideWebsockets ?? {}).map(([path, serve]) => {
    const side = new WebSocketServer({ noServer: true, path, maxPayload: limits.maxBodyBytes, verifyClient });
    return { path, wss: side, served: serve(side) };
  });
  httpServer.on('upgrade', (req: http.IncomingMessage, socket, head) => {
    const path = req.url?.split('?', 1)[0];
    const target = sides.find((s) => s.path === path)?.wss ?? wss;
    target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
  });
  // ws's own refusals of a malformed upgrade (a Sec-WebSocket-Protocol, -Key, -Version or
  // -Extensions header it cannot read, a method other than GET) answer JSON with a code, as every
  // client mistake does, not ws's text/html. Its texts are fixed and name only the header.
  const onClientError = (err: Error, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const [status, text] = /method/i.test(err.message) ? [405, 'Method Not Allowed'] : [400, 'Bad Request'];
    const body = JSON.stringify({ errors: [{ message: `The WebSocket upgrade was refused: ${err.message}`, extensions: { code: 'BAD_REQUEST' } }] });
    const version = /Sec-WebSocket-Version/.test(err.message) ? 'sec-websocket-version: 13, 8\r\n' : '';
    socket.end(`HTTP/1.1 ${status} ${text}\r\n${version}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  };
  // The side endpoints too (the change feed): else ws answers their malformed upgrades in text/html.
  for (const server of [wss, ...sides.map((s) => s.wss)]) server.on('wsClientError', onClientError);
  const wsServed = options.websocket
    ? options.websocket(wss)
    : useServer(
        {
          schema: options.schema,
          // The same limits as HTTP (token limit, limit rules), and resolver exceptions that are not
          // GraphQL errors answered with a fixed text, as over HTTP (formatError).
          ...protectedWsHooks(options.schema!, limits, options.logger),
          context: (ctx) =>
            (options.wsContext ?? ((h) => options.context(h)))(ctx.extra.request.headers, ctx.connectionParams),
        },
        wss,
      );
  // Once only: at the start of the drain (clients hear 1001 at once) and again from Apollo's stop.
  let wsClosed: Promise<void> | undefined;
  const wsCleanup = {
    dispose: () => (wsClosed ??= Promise.all([wsServed.dispose(), ...sides.map((s) => s.served.dispose())]).then(() => undefined)),
  };
  const apollo = new ApolloServer<TContext>({
    ...(options.gateway ? { gateway: options.gateway } : { schema: options.schema! }),
    // The process's own SIGTERM handling (runMain) drains first; Apollo's would stop the listener at once.
    stopOnTerminationSignals: false,
    ...(options.stringifyResult ? { stringifyResult: options.stringifyResult } : {}),
    introspection: limits.introspection,
    // Without introspection, "Did you mean …" would still tell the schema (Apollo's DisableSuggestions).
    hideSchemaDetailsFromClientErrors: !limits.introspection,
    includeStacktraceInErrorResponses: limits.stackTraces,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitRules(limits),
    formatError: (formatted, error) => {
      // Apollo files rule and parse errors under GRAPHQL_VALIDATION_FAILED / _PARSE_FAILED; a limit keeps its own code.
      if (formatted.extensions?.limit) return { ...formatted, extensions: { ...formatted.extensions, code: OPERATION_LIMIT_CODE } };
      if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && isTokenLimitError(formatted.message)) {
        const e = tokenLimitError(limits);
        return { message: e.message, extensions: e.extensions };
      }
      return formatClientError(formatted, error, options.logger) ?? formatted;
    },
    plugins: [
      refuseSubscriptionsOverHttp,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Subgraphs: input-object variables (a report's rows) coerced by compiled code (see precoerced-variables.ts).
      ...(options.gateway ? [] : [ApolloServerPluginInlineTraceDisabled(), precoercedVariablesPlugin({
        // Only callers with a principal (the gateway signs one for every credential): a stranger's
        // new declarations, each sent twice, would otherwise cost compilations and push out an
        // official's compiled ingestion coercion; strangers write nothing anyway.
        mayCompile: (context) => !!(context as { principal?: unknown } | undefined)?.principal,
      }) as ApolloServerPlugin<TContext>]),
      { serverWillStart: async () => ({ drainServer: async () => void (await wsCleanup.dispose()) }) },
      observed.plugin as ApolloServerPlugin<TContext>,
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  mountHealth(app, { name: options.name, logger: options.logger, drain, operator, health: options.health, publicHealth: options.publicHealth });
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, { context: async ({ req }) => options.context(req.headers) }),
  );
  app.use(jsonHttpErrors(limits));
  shortcut = graphqlPost(apollo, { maxBodyBytes: limits.maxBodyBytes, context: (req) => options.context(req.headers) });

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
        // New requests get 503 at once (and /healthz says draining); WebSocket clients get 1001
        // (going away); requests in flight finish, or get a 503 at the deadline.
        const draining = drain.drain(options.drainMs ?? 5_000);
        await wsCleanup.dispose();
        await draining;
        await apollo.stop(); // closes the listening socket and idle connections
        wss.close();
        for (const s of sides) s.wss.close();
      })()),
  };
}
