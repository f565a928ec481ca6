import type { IncomingHttpHeaders } from 'node:http';
import type { Express, RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import type { Logger } from '../log';
import type { RequestDrain } from './drain';

/**
 * Who asks, for the operator routes (`/healthz` detail, `/metrics`): `admin` when the request's
 * credential has the admin role (the gateway: a client JWT, as `POST /admin/reload` takes; a
 * subgraph: the gateway's signed context), `anonymous` without one.
 * @throws GraphQLError UNAUTHENTICATED/FORBIDDEN when a credential is given but refused
 */
export type OperatorCheck = (headers: IncomingHttpHeaders) => Promise<'admin' | 'anonymous'>;

export interface HealthRouteOptions {
  name: string;
  logger: Logger;
  drain: RequestDrain;
  operator: OperatorCheck;
  /** Every fact for an admin; a rejection makes the route answer 503. */
  health?: () => Promise<Record<string, unknown>>;
  /**
   * The part of `health()` an anonymous caller may see: states and reason kinds, never addresses,
   * hosts, ports, file paths, schema names or a library's error text. Counters (cache hits, open
   * sockets…) only when `viewer.loopback` (a caller on this machine, as for `/metrics`).
   * @default nothing beyond `status` and `service`
   */
  publicHealth?: (full: Record<string, unknown>, viewer: HealthViewer) => Record<string, unknown>;
}

/** Who reads the anonymous health: `loopback` when the caller is on this machine (a local probe or operator). */
export interface HealthViewer {
  loopback: boolean;
}

/** The reason kind of a health text: `circuit open (fetch failed: ECONNREFUSED 127.0.0.1:4002)` → `circuit open`. */
export const reasonKind = (text: string): string => text.replace(/\s*[(:].*$/s, '');

/** The HTTP answer to a refused credential: its GraphQLError's status (401 unless it says) and code, as a GraphQL error body. */
export const refusal = (err: unknown): { status: number; body: { errors: { message: string; extensions: { code: string } }[] } } => {
  const e = err instanceof GraphQLError ? err : undefined;
  const status = (e?.extensions?.http as { status?: number } | undefined)?.status ?? 401;
  const code = (e?.extensions?.code as string | undefined) ?? ErrorCode.UNAUTHENTICATED;
  return { status, body: { errors: [{ message: e?.message ?? 'The credential was refused', extensions: { code } }] } };
};

/**
 * `GET /healthz`: `{ status, service, … }`, 200 while serving (also `degraded`), 503 `unavailable`
 * when the service cannot serve and 503 `draining` while it shuts down (a load balancer stops
 * sending). Anonymous callers get {@link HealthRouteOptions.publicHealth}; admins everything.
 */
export function mountHealth(app: Express, o: HealthRouteOptions): void {
  app.get('/healthz', async (req, res) => {
    if (o.drain.status !== 'serving') {
      res.status(503).setHeader('retry-after', '1');
      res.json({ status: 'draining', service: o.name });
      return;
    }
    let who: 'admin' | 'anonymous';
    try {
      who = await o.operator(req.headers);
    } catch (err) {
      const r = refusal(err);
      res.status(r.status).json(r.body);
      return;
    }
    try {
      const full = (await o.health?.()) ?? {};
      const shown = who === 'admin' ? full : (o.publicHealth?.(full, { loopback: isLoopback(req.socket.remoteAddress) }) ?? {});
      res.json({ status: 'ok', service: o.name, ...shown });
    } catch (err) {
      // The cause is the operator's (log, admin view); a stranger learns only that it cannot serve.
      o.logger.warn({ err: (err as Error).message }, 'health check failed');
      res.status(503).json({ status: 'unavailable', service: o.name, ...(who === 'admin' ? { error: (err as Error).message } : {}) });
    }
  });
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
/** A caller on this machine (by its socket's address; a proxy in front makes every caller look local, as for `/metrics`). */
export const isLoopback = (address: string | undefined): boolean => LOOPBACK.test(address ?? '');

/**
 * Guards `/metrics`: served to a caller on this machine (loopback: a local Prometheus, an operator's
 * curl) or to an admin; anyone else gets 403 FORBIDDEN (metrics name operations, subgraphs and
 * internal counters). Mount before the metrics route.
 */
export function metricsGuard(operator: OperatorCheck): RequestHandler {
  return async (req, res, next) => {
    const loopback = isLoopback(req.socket.remoteAddress);
    // A credential sent is checked even from loopback: a malformed one is refused (401), as on /healthz.
    if (loopback && req.headers.authorization === undefined) return next();
    try {
      if ((await operator(req.headers)) === 'admin' || loopback) return next();
    } catch (err) {
      const r = refusal(err);
      res.status(r.status).json(r.body);
      return;
    }
    res.status(403).json({
      errors: [{ message: '/metrics is served on this machine (loopback) or to an admin credential', extensions: { code: ErrorCode.FORBIDDEN } }],
    });
  };
}
