import type { Express } from 'express';
import { ErrorCode, principalFromAuthorizationHeader } from '@ioc-graph/kit/internal';
import type { SupergraphManager } from '../supergraph';

/**
 * `POST /admin/reload`: recomposes the supergraph now (like an edit of `supergraph.yaml` or SIGHUP)
 * and answers with the outcome. Admins only (`Authorization: Bearer` with the `admin` role): no or a
 * malformed/invalid credential answers 401 `UNAUTHENTICATED`, another role 403 `FORBIDDEN`.
 */
export function mountAdminReload(app: Express, manager: SupergraphManager): void {
  app.post('/admin/reload', async (req, res) => {
    const refuse = (status: number, code: string, message: string) => void res.status(status).json({ errors: [{ message, extensions: { code } }] });
    let roles: string[];
    try {
      roles = (await principalFromAuthorizationHeader(req.headers.authorization))?.roles ?? [];
    } catch (err) {
      return refuse(401, ErrorCode.UNAUTHENTICATED, (err as Error).message);
    }
    if (!req.headers.authorization) return refuse(401, ErrorCode.UNAUTHENTICATED, 'An admin token is required to reload the supergraph');
    if (!roles.includes('admin')) return refuse(403, ErrorCode.FORBIDDEN, 'An admin token is required to reload the supergraph');
    const outcome = await manager.reload('admin request');
    res.status(outcome.kind === 'failed' ? 422 : 200).json(outcome);
  });
}
