import { existsSync, readFile } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { parseWallLayout } from '@ioc-graph/kit/internal';

/**
 * The wall's layout file (which pages, columns and tiles): `IOC_WALL_LAYOUT`, else `wall/layout.json`
 * at the root of the repository (web/dist/../../wall/layout.json). Read on every request, so an
 * operator edits it and reloads the wall: no rebuild, no restart.
 */
export function wallLayoutPath(webDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.IOC_WALL_LAYOUT || path.join(webDir, '..', '..', 'wall', 'layout.json'));
}

/**
 * Serves the bundled web client: `/graphiql`, `/wall` and their hashed `/assets`, and the wall's
 * layout at `/wall/layout.json`. Everything is local, so the playground and the wall work on a
 * closed network.
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
  app.get('/wall/layout.json', (_req, res) => {
    const file = wallLayoutPath(webDir);
    readFile(file, 'utf8', (err, text) => {
      if (err) {
        // The base name only: the folder is the server's business.
        res.status(404).type('text/plain').send(`no wall layout ${path.basename(file)} on this server`);
        return;
      }
      try {
        parseWallLayout(text, path.basename(file));
      } catch (parseErr) {
        // Named by the file's base name and the key at fault: the wall shows it on its banner.
        res.status(500).type('text/plain').send(`the wall layout is not valid: ${(parseErr as Error).message}`);
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.type('application/json').send(text);
    });
  });
  app.use('/assets', express.static(path.join(webDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.get('/', (_req, res) => res.redirect('/graphiql'));
}
