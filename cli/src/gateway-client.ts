import { parsers, readEnv } from '@ioc-graph/kit/internal';

/** Where the CLI finds the gateway, and who it is. */
export interface GatewayTarget {
  url: string;
  token?: string;
}

/**
 * The gateway's GraphQL URL and the token: `--url`, else `IOC_GATEWAY_URL`, else
 * `http://localhost:$GATEWAY_PORT/graphql` (the port `npm start` gave the gateway; @default 4000);
 * `--token`, else `IOC_TOKEN`.
 * @throws ConfigError naming the variable when GATEWAY_PORT or IOC_GATEWAY_URL is not valid.
 */
export function gatewayTarget(options: { url?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): GatewayTarget {
  const config = readEnv(
    {
      url: { env: 'IOC_GATEWAY_URL', default: undefined as string | undefined, parse: parsers.url, doc: "the gateway's GraphQL URL" },
      port: { env: 'GATEWAY_PORT', default: 4000, parse: parsers.port, doc: 'port of the gateway' },
      token: { env: 'IOC_TOKEN', default: undefined as string | undefined, parse: parsers.optionalString, doc: 'access token' },
    },
    env,
  );
  const url = options.url ?? config.url ?? `http://localhost:${config.port}/graphql`;
  const token = options.token || config.token;
  return { url, token: token || undefined };
}

export class GraphQLRequestError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** Posts one operation; throws with the first error's message and code. */
export async function request<T>(target: GatewayTarget, query: string, variables?: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new GraphQLRequestError(`cannot reach the gateway at ${target.url} (${(err as Error).cause ?? (err as Error).message}); is it running (npm start)?`);
  }
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) {
    const [e] = body.errors;
    throw new GraphQLRequestError(e.message, e.extensions?.code);
  }
  if (!res.ok || !body.data) throw new GraphQLRequestError(`the gateway answered HTTP ${res.status}`);
  return body.data;
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
