import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type { KitContext, Principal } from '../kit/kit.context';
import { isRole, unauthenticated } from './roles';
import { readSecret } from './secrets';

// jose 6 is an ES module; Node 20.19+ loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = () => require('jose') as typeof import('jose', { with: { 'resolution-mode': 'import' } });

/** Issuer and audience of client tokens, and of the gateway's context for subgraphs. */
export const TOKEN_ISSUER = 'ioc-graph';
export const CLIENT_AUDIENCE = 'ioc-graph';
export const GATEWAY_AUDIENCE = 'ioc-graph-subgraphs';
/** Header the gateway forwards the signed principal in. */
export const GATEWAY_CONTEXT_HEADER = 'x-ioc-context';
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

/** Signs a client token (HS256, `IOC_JWT_SECRET`), as `npm run token` does. */
export function signAccessToken(claims: AccessTokenClaims, env: NodeJS.ProcessEnv = process.env, warn?: (m: string) => void): Promise<string> {
  return sign(claims, readSecret('IOC_JWT_SECRET', env, warn), CLIENT_AUDIENCE, claims.expiresIn ?? '8h');
}

/**
 * Verifies a client's token (HS256 with `IOC_JWT_SECRET`, issuer and audience `ioc-graph`) and
 * returns who it names. Throws a GraphQLError with code UNAUTHENTICATED when it is not valid.
 * Used by the gateway for HTTP requests and for graphql-ws `connection_init` tokens.
 */
export async function verifyAccessToken(token: string, env: NodeJS.ProcessEnv = process.env): Promise<Principal> {
  try {
    return await verify(token, readSecret('IOC_JWT_SECRET', env), CLIENT_AUDIENCE);
  } catch (err) {
    throw unauthenticated(`Invalid token: ${(err as Error).message}`, 401);
  }
}

/**
 * The principal of a request from its `Authorization: Bearer` header (or a bare token, as sent in a
 * graphql-ws `connection_init` payload): null when there is none, UNAUTHENTICATED when it is bad.
 */
export async function principalFromAuthorization(value: unknown, env: NodeJS.ProcessEnv = process.env): Promise<Principal | null> {
  if (typeof value !== 'string' || !value.trim()) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim());
  if (!m && /\s/.test(value.trim())) throw unauthenticated('The Authorization header must be "Bearer <token>"', 401);
  return verifyAccessToken(m ? m[1] : value.trim(), env);
}

/** The gateway's signed statement of who asks, for subgraphs (`x-ioc-context`, 60 s, `IOC_GATEWAY_SECRET`). */
export function signGatewayContext(principal: Principal, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return sign(
    { subject: principal.subject, roles: principal.roles, agency: principal.agencyCode },
    readSecret('IOC_GATEWAY_SECRET', env),
    GATEWAY_AUDIENCE,
    GATEWAY_CONTEXT_TTL,
  );
}

export async function verifyGatewayContext(token: string, env: NodeJS.ProcessEnv = process.env): Promise<Principal> {
  try {
    return await verify(token, readSecret('IOC_GATEWAY_SECRET', env), GATEWAY_AUDIENCE);
  } catch (err) {
    // 401: the whole request is refused (a caller that forged or replayed a context, not a server fault).
    throw unauthenticated(`Invalid gateway context (${GATEWAY_CONTEXT_HEADER}): ${(err as Error).message}`, 401);
  }
}

/**
 * A subgraph's context function: the principal the gateway vouches for in `x-ioc-context`, or
 * anonymous when the header is absent (queries are public; mutations then refuse).
 */
export function subgraphContext(env: NodeJS.ProcessEnv = process.env) {
  readSecret('IOC_GATEWAY_SECRET', env); // fail fast in production without a secret
  return async (headers: IncomingHttpHeaders, connectionParams?: Record<string, unknown>): Promise<KitContext> => {
    const raw = headers[GATEWAY_CONTEXT_HEADER] ?? connectionParams?.[GATEWAY_CONTEXT_HEADER];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (typeof token !== 'string' || !token) return { principal: null };
    return { principal: await verifyGatewayContext(token, env) };
  };
}
