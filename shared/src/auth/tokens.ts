import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type { KitContext, Principal } from '../kit/kit.context';
import { isRole, unauthenticated } from './roles';
import { createLogger } from '../log';
import { readContextSecret, readSecret } from './secrets';

// jose 6 is an ES module; Node 20.19+ loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = () => require('jose') as typeof import('jose', { with: { 'resolution-mode': 'import' } });

/** Issuer and audience of client tokens, and of the gateway's context for subgraphs. */
export const TOKEN_ISSUER = 'ioc-graph';
export const CLIENT_AUDIENCE = 'ioc-graph';
export const GATEWAY_AUDIENCE = 'ioc-graph-subgraphs';
/** Header the gateway forwards the signed principal in. */
export const GATEWAY_CONTEXT_HEADER = 'x-ioc-context';
/**
 * The subject of the gateway's own query cache, the principal it signs when it subscribes to a
 * subgraph's change feed: the only one the feed serves. The gateway signs a caller's subject as it
 * is, so no client token may name it (nor the gateway's other own subjects): {@link verifyAccessToken}
 * refuses them, and {@link signAccessToken} does not issue them.
 */
export const GATEWAY_QUERY_CACHE_SUBJECT = 'gateway-query-cache';
/** Subjects the gateway signs for itself (its query cache's change feed, its health probe): never a client's. */
/** The subject of the gateway's own probe of a subgraph's `/healthz` counters. */
export const GATEWAY_HEALTH_PROBE_SUBJECT = 'gateway-health-probe';
export const GATEWAY_OWN_SUBJECTS: readonly string[] = [GATEWAY_QUERY_CACHE_SUBJECT, GATEWAY_HEALTH_PROBE_SUBJECT];
const reservedSubject = (subject: string) => new Error(`the token names a subject reserved for the gateway itself (${subject})`);

/** Lifetime of the gateway's context token: one request, with clock skew. */
const GATEWAY_CONTEXT_TTL = '60s';

export interface AccessTokenClaims {
  subject: string;
  roles: string[];
  /** Agency code of a reporter (e.g. `TCT`). */
  agency?: string | null;
  /** jose time span, e.g. `8h`, `30d`. @default '8h' */
  expiresIn?: string;
}

async function sign(claims: AccessTokenClaims, secret: Uint8Array, audience: string, expiresIn: string): Promise<string> {
  const { SignJWT } = jose();
  return new SignJWT({ roles: claims.roles, ...(claims.agency ? { agency: claims.agency } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}

function toPrincipal(payload: JWTPayload): Principal {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  if (!payload.sub) throw new Error('the token has no subject');
  if (!roles.length) throw new Error('the token has no known role (viewer, reporter, admin)');
  return { subject: payload.sub, roles, agencyCode: typeof payload.agency === 'string' ? payload.agency : null };
}

async function verify(token: string, secret: Uint8Array, audience: string): Promise<Principal> {
  const { jwtVerify } = jose();
  const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience });
  return toPrincipal(payload);
}

/**
 * Signs a client token (HS256, `IOC_JWT_SECRET`), as `npm run token` does.
 * @throws Error when `claims.subject` is one of the gateway's own ({@link GATEWAY_OWN_SUBJECTS})
 */
export function signAccessToken(claims: AccessTokenClaims, env: NodeJS.ProcessEnv = process.env, warn?: (m: string) => void): Promise<string> {
  if (GATEWAY_OWN_SUBJECTS.includes(claims.subject)) throw reservedSubject(claims.subject);
  return sign(claims, readSecret('IOC_JWT_SECRET', env, warn), CLIENT_AUDIENCE, claims.expiresIn ?? '8h');
}

/**
 * Verifies a client's token (HS256 with `IOC_JWT_SECRET`, issuer and audience `ioc-graph`) and
 * returns who it names. Throws a GraphQLError with code UNAUTHENTICATED when it is not valid.
 * Used by the gateway for HTTP requests and for graphql-ws `connection_init` tokens.
 */
export async function verifyAccessToken(token: string, env: NodeJS.ProcessEnv = process.env): Promise<Principal> {
  try {
    const principal = await verify(token, readSecret('IOC_JWT_SECRET', env), CLIENT_AUDIENCE);
    if (GATEWAY_OWN_SUBJECTS.includes(principal.subject)) throw reservedSubject(principal.subject);
    return principal;
  } catch (err) {
    throw unauthenticated(tokenRefusal(err), 401);
  }
}

/**
 * A fixed text for a refused token: what the caller must fix, never the JWT library's message
 * (which names claims, algorithms and parser internals to a stranger).
 */
function tokenRefusal(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ERR_JWT_EXPIRED') return 'The token has expired: ask for a new one (npm run token)';
  // Signed here but for later (`nbf` ahead): the issuer's clock, not the graph, is what to fix.
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'nbf') return 'The token is not valid yet: check the clock of the machine that issued it';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' || code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'The token was not issued for this graph';
  if (err instanceof Error && /^the token (has no|names a subject reserved)/.test(err.message)) return `The token is not usable: ${err.message.slice('the token '.length)}`;
  return 'The token is not a valid JWT';
}

/** `extensions.code`-bearing 401 of an `Authorization` header that is not `Bearer <token>`. */
const malformedAuthorization = () => unauthenticated('The Authorization header must be "Bearer <token>"', 401);

/**
 * The principal of a request from its `Authorization: Bearer` header (or a bare token, as sent in a
 * graphql-ws `connection_init` payload): null when there is none, UNAUTHENTICATED when it is bad.
 * A value that is present but empty or not a string is malformed, never anonymous.
 */
export async function principalFromAuthorization(value: unknown, env: NodeJS.ProcessEnv = process.env): Promise<Principal | null> {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !value.trim()) throw malformedAuthorization();
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim());
  if (!m && /\s/.test(value.trim())) throw malformedAuthorization();
  return verifyAccessToken(m ? m[1] : value.trim(), env);
}

/**
 * The principal of an HTTP `Authorization` header, which must be exactly `Bearer <token>`: null when
 * the header is absent; UNAUTHENTICATED (401) when it is empty, another scheme, a bare token or bad.
 */
export async function principalFromAuthorizationHeader(value: string | string[] | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Principal | null> {
  if (value === undefined) return null;
  const m = typeof value === 'string' ? /^Bearer +(\S+)$/i.exec(value.trim()) : null;
  if (!m) throw malformedAuthorization();
  return verifyAccessToken(m[1], env);
}

/** Lifetime of a signed gateway context, in seconds (callers may cache a context for a little less). */
export const GATEWAY_CONTEXT_TTL_SECONDS = 60;

/**
 * The gateway's signed statement of who asks, for one subgraph (`x-ioc-context`, 60 s). Signed with
 * `subgraph.secret` when given (the supergraph config's `context_secret`), else with the subgraph's
 * `<NAME>_CONTEXT_SECRET` or `IOC_GATEWAY_SECRET` from `env` (see {@link readContextSecret}); without
 * a subgraph, with `IOC_GATEWAY_SECRET`.
 * @throws SecretError when the secret is missing or refused
 */
export function signGatewayContext(
  principal: Principal,
  env: NodeJS.ProcessEnv = process.env,
  subgraph?: string | { name: string; secret?: Uint8Array },
): Promise<string> {
  const name = typeof subgraph === 'string' ? subgraph : subgraph?.name;
  const secret =
    (typeof subgraph === 'object' && subgraph.secret) || (name ? readContextSecret(name, env).secret : readSecret('IOC_GATEWAY_SECRET', env));
  return sign({ subject: principal.subject, roles: principal.roles, agency: principal.agencyCode }, secret, GATEWAY_AUDIENCE, GATEWAY_CONTEXT_TTL);
}

/**
 * Verifies a gateway context for `subgraph` (its `<NAME>_CONTEXT_SECRET`, else `IOC_GATEWAY_SECRET`).
 * @throws GraphQLError UNAUTHENTICATED (HTTP 401) naming the subgraph when it is not valid
 */
export async function verifyGatewayContext(token: string, env: NodeJS.ProcessEnv = process.env, subgraph?: string): Promise<Principal> {
  const secret = subgraph ? readContextSecret(subgraph, env) : { secret: readSecret('IOC_GATEWAY_SECRET', env), variable: 'IOC_GATEWAY_SECRET' };
  try {
    return await verify(token, secret.secret, GATEWAY_AUDIENCE);
  } catch (err) {
    throw Object.assign(contextRefused(subgraph), { reason: (err as Error).message });
  }
}

/**
 * The 401 a subgraph answers to a context it cannot verify: generic to the network caller (a
 * stranger may send it), with a code; the variable to align and the reason go to the subgraph's log
 * (see subgraphContext).
 */
export function contextRefused(subgraph: string | undefined, _variable?: string, _reason?: string) {
  const who = subgraph ? `the ${subgraph} subgraph` : 'this subgraph';
  return unauthenticated(`${who} refused the gateway's context (${GATEWAY_CONTEXT_HEADER}): it does not verify`, 401);
}

/**
 * A subgraph's context function: the principal the gateway vouches for in `x-ioc-context`, or
 * anonymous when the header is absent (queries are public; mutations then refuse). A context that
 * does not verify is logged and answered with 401 naming the subgraph.
 * @param subgraph the subgraph's name: its secret is `<NAME>_CONTEXT_SECRET`, else `IOC_GATEWAY_SECRET`
 * @throws SecretError at once when the secret is missing or refused (fail fast)
 */
export function subgraphContext(env: NodeJS.ProcessEnv = process.env, subgraph?: string) {
  const { variable } = subgraph ? readContextSecret(subgraph, env) : { variable: 'IOC_GATEWAY_SECRET' };
  if (!subgraph) readSecret('IOC_GATEWAY_SECRET', env);
  const logger = createLogger(subgraph ?? 'subgraph');
  let lastLog = 0;
  return async (headers: IncomingHttpHeaders, connectionParams?: Record<string, unknown>): Promise<KitContext> => {
    const raw = headers[GATEWAY_CONTEXT_HEADER] ?? connectionParams?.[GATEWAY_CONTEXT_HEADER];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (typeof token !== 'string' || !token) return { principal: null };
    try {
      return { principal: await verifyGatewayContext(token, env, subgraph) };
    } catch (err) {
      // At most one line per 10 s: a misconfigured gateway would otherwise flood the log.
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        logger.warn({ secret: variable, reason: (err as { reason?: string }).reason }, `refused a gateway context that does not verify with ${variable}: is the gateway's context_secret for ${subgraph ?? 'this subgraph'} the same?`);
      }
      throw err;
    }
  };
}
