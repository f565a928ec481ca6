import type { Express } from 'express';
import { principalFromAuthorizationHeader } from '@ioc-graph/kit/internal';
import type { SupergraphManager } from '../supergraph';

/**
 * `POST /admin/reload`: recomposes the supergraph now (like an edit of `supergraph.yaml` or SIGHUP)
 * and answers with the outcome. Admins only (`Authorization: Bearer` with the `admin` role).
 */
export function mountAdminReload(app: Express, manager: SupergraphManager): void {
  app.post('/admin/reload', async (req, res) => {
    let roles: string[] = [];
    try {
      roles = (await principalFromAuthorizationHeader(req.headers.authorization))?.roles ?? [];
    } catch {
      roles = [];
    }
    if (!roles.includes('admin')) {
      res.status(req.headers.authorization ? 403 : 401).json({ error: 'An admin token is required to reload the supergraph' });
      return;
    }
    const outcome = await manager.reload('admin request');
    res.status(outcome.kind === 'failed' ? 422 : 200).json(outcome);
  });
}
