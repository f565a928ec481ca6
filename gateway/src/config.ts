import path from 'node:path';
import { parsers, readEnv } from '@ioc-graph/kit/internal';

/** Gateway settings from the environment (see README, "Environment"). */
export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return readEnv(
    {
      port: { env: 'GATEWAY_PORT', default: 4000, parse: parsers.port, doc: 'port of the gateway (HTTP and WebSocket)' },
      host: { env: 'HOST', default: '127.0.0.1', parse: parsers.string, doc: 'interface to listen on' },
      supergraphConfig: {
        env: 'SUPERGRAPH_CONFIG',
        default: path.resolve(__dirname, '../supergraph.yaml'),
        parse: (raw) => path.resolve(raw),
        doc: 'the subgraph list, in rover supergraph.yaml format',
      },
      cacheDir: {
        env: 'IOC_SUPERGRAPH_CACHE_DIR',
        default: path.resolve(__dirname, '../../.data/supergraph-cache'),
        parse: (raw) => path.resolve(raw),
        doc: "folder of each subgraph's last known SDL (composed from when the subgraph is down)",
      },
      pollSchemasMs: {
        env: 'IOC_SUPERGRAPH_POLL_MS', default: 30_000, parse: parsers.positiveNumber,
        doc: "how often the gateway fetches each subgraph's schema and composes again when one changed (a partner restarted with a new schema), in ms; 0 turns it off",
      },
      webDir: {
        env: 'IOC_WEB_DIR',
        default: path.resolve(__dirname, '../../web/dist'),
        parse: (raw) => path.resolve(raw),
        doc: 'built web client (GraphiQL, the wall)',
      },
      queryDedupe: {
        env: 'IOC_QUERY_DEDUPE',
        default: true,
        parse: parsers.boolean,
        doc: 'share identical queries and subgraph fetches in flight (never mutations); 0 turns it off',
      },
      maxUpstreamStreams: {
        env: 'IOC_MAX_UPSTREAM_STREAMS', default: 1000, parse: parsers.positiveNumber,
        doc: 'distinct live feeds (one upstream subscription each) open at once on the gateway',
      },
      maxUpstreamStreamsPerSocket: {
        env: 'IOC_MAX_UPSTREAM_STREAMS_PER_SOCKET', default: 20, parse: parsers.positiveNumber,
        doc: 'distinct live feeds one client connection may open (joining an open one is free)',
      },
      maxUpstreamStreamsPerAddress: {
        env: 'IOC_MAX_UPSTREAM_STREAMS_PER_ADDRESS', default: 200, parse: parsers.positiveNumber,
        doc: 'distinct live feeds the clients of one network address may open',
      },
      upstreamPingIntervalMs: {
        env: 'IOC_UPSTREAM_PING_MS', default: 10_000, parse: parsers.positiveNumber,
        doc: 'keepalive ping to subgraphs on upstream subscriptions, in ms (0: off); a dead subgraph is noticed within two',
      },
      queryCache: {
        env: 'IOC_QUERY_CACHE',
        default: true,
        parse: parsers.boolean,
        doc: 'keep subgraph fetch results until an outbox event or a mutation drops them (exact, no TTL); 0 turns it off',
      },
      queryCacheMaxBytes: {
        env: 'IOC_QUERY_CACHE_MAX_BYTES',
        default: 64 * 1024 * 1024,
        parse: parsers.positiveNumber,
        doc: 'memory bound of the query cache, in bytes (least recently used entries go first)',
      },
      queryCacheMaxEntries: {
        env: 'IOC_QUERY_CACHE_MAX_ENTRIES',
        default: 10_000,
        parse: parsers.positiveNumber,
        doc: 'entry bound of the query cache',
      },
      queryCacheAnonymousShare: {
        env: 'IOC_QUERY_CACHE_ANONYMOUS_SHARE',
        default: 0.5,
        parse: parsers.positiveNumber.refine((n) => n <= 1, 'must be a fraction from 0 to 1'),
        doc: 'part of the query cache bounds that callers without a credential share (half for new entries, half for reused ones), 0 to 1: a stranger never evicts an authenticated caller\'s entries',
      },
      queryCacheHolderShare: {
        env: 'IOC_QUERY_CACHE_HOLDER_SHARE',
        default: 0.25,
        parse: parsers.positiveNumber.refine((n) => n > 0 && n <= 1, 'must be a fraction above 0, at most 1'),
        doc: 'part of the authenticated pool of the query cache that the entries one credential holder (by subject) filled may take, above 0 to 1: beyond it his new entries replace his own',
      },
      queryCachePingIntervalMs: {
        env: 'IOC_QUERY_CACHE_PING_MS', default: 5_000, parse: parsers.positiveNumber,
        doc: 'keep-alive of the query cache\'s invalidation streams, in ms: a subgraph silent for two intervals is bypassed until its stream is back',
      },
      queryCacheWriteWaitMs: {
        env: 'IOC_QUERY_CACHE_WRITE_WAIT_MS', default: 2_000, parse: parsers.positiveNumber,
        doc: 'how long a mutation\'s answer waits for its subgraph\'s change feed to pass the write (read-your-writes: its own event drops what it touched), in ms; past it, or with 0, the subgraph\'s cached entries are all dropped instead',
      },
    },
    env,
  );
}

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
