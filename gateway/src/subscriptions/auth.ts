import { type Principal, principalFromAuthorization } from '@ioc-graph/kit/internal';

export type { Principal };

/**
 * Checks a client's `connection_init` payload; `null` refuses the connection (close 4403). Called at
 * connect and again at each subscribe, so a token that expired meanwhile is refused.
 */
export type Authenticate = (connectionParams: Record<string, unknown> | undefined) => Promise<Principal | null>;

/** The principal of a connection without a token (queries and subscriptions are public, like HTTP). */
export const ANONYMOUS: Principal = Object.freeze({ subject: 'anonymous', roles: [], agencyCode: null }) as Principal;

/** The keys of a `connection_init` payload that carry a credential, in the order they are read. */
const CREDENTIAL_KEYS = ['authorization', 'Authorization', 'token'] as const;

/**
 * The raw token of a `connection_init` payload: `authorization` ("Bearer …"), `Authorization` or
 * `token`; `null` when none is given; `undefined` when one is given but malformed (not a non-empty
 * string: a number, object, array, empty string), which is refused, never taken as anonymous.
 */
export function tokenOf(connectionParams: Record<string, unknown> | undefined): string | null | undefined {
  if (connectionParams === null || connectionParams === undefined) return null;
  if (typeof connectionParams !== 'object' || Array.isArray(connectionParams)) return undefined;
  const key = CREDENTIAL_KEYS.find((k) => Object.hasOwn(connectionParams, k) && connectionParams[k] !== undefined);
  if (!key) return null;
  const raw = connectionParams[key];
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
}

/**
 * The gateway's JWT check (issue 3: HS256 with `IOC_JWT_SECRET`), as for HTTP: no token is
 * {@link ANONYMOUS}; a malformed, bad or expired token is refused (close 4403).
 */
export function jwtAuthenticate(env: NodeJS.ProcessEnv = process.env): Authenticate {
  return async (params) => {
    const token = tokenOf(params);
    if (token === null) return ANONYMOUS;
    if (token === undefined) return null;
    try {
      return (await principalFromAuthorization(token, env)) ?? ANONYMOUS;
    } catch {
      return null;
    }
  };
}

/** The identity part of a subscription's sharing key: same subject, roles and agency share upstreams. */
export function principalKey(p: Principal): string {
  return `${p.subject}\u0000${[...p.roles].sort().join(',')}\u0000${p.agencyCode ?? ''}`;
}

/** The principal to forward to subgraphs (`null` for anonymous). */
export const forwarded = (p: Principal): Principal | null => (p === ANONYMOUS ? null : p);
