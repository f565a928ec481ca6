import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/**
 * Serves the bundled web client: `/graphiql`, `/wall` and their hashed `/assets`. Everything is
 * local, so the playground and the wall work on a closed network.
 */
export function mountStaticPages(app: Express, webDir: string): void {
  const page = (name: string) => (_req: express.Request, res: express.Response) => {
    const file = path.join(webDir, `${name}.html`);
    if (!existsSync(file)) {
      res.status(503).type('text/plain').send(`${name} is not built: run "npm run build" (missing ${file})`);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  };
  app.get('/graphiql', page('graphiql'));
  app.get('/wall', page('wall'));
  app.use('/assets', express.static(path.join(webDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.get('/', (_req, res) => res.redirect('/graphiql'));
}
