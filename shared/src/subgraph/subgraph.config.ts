import { parsers, readEnv } from '../config';

/** Settings of a subgraph process, from its environment. */
export function readSubgraphConfig(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env) {
  const prefix = name.toUpperCase();
  return readEnv(
    {
      port: { env: `${prefix}_PORT`, default: defaultPort, parse: parsers.port, doc: `port of the ${name} subgraph` },
      host: { env: 'HOST', default: '127.0.0.1', parse: parsers.string, doc: 'interface to listen on (0.0.0.0 in containers)' },
      databaseUrl: {
        env: 'DATABASE_URL',
        parse: parsers.url,
        doc: 'PostgreSQL URL; `npm start` sets it to the embedded server',
      },
      seed: { env: 'IOC_SEED', default: true, parse: parsers.boolean, doc: 'load the seed data at start' },
      contextSecret: {
        env: `${prefix}_CONTEXT_SECRET`,
        default: undefined as string | undefined,
        parse: parsers.optionalString,
        doc: `secret the gateway signs this subgraph's context with (HS256, ≥ 32 bytes); unset: IOC_GATEWAY_SECRET`,
      },
    },
    env,
  );
}
