/** Where the CLI finds the gateway, and who it is: `--url`/IOC_GATEWAY_URL, `--token`/IOC_TOKEN. */
export interface GatewayTarget {
  url: string;
  token?: string;
}

export function gatewayTarget(options: Record<string, string | true>): GatewayTarget {
  const url = typeof options.url === 'string' ? options.url : (process.env.IOC_GATEWAY_URL ?? 'http://localhost:4000/graphql');
  const token = typeof options.token === 'string' ? options.token : process.env.IOC_TOKEN;
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
