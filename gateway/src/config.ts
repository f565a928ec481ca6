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
    },
    env,
  );
}

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
