import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnTracked } from '../../support/harness';

const SHARED = path.resolve(__dirname, '../../../shared/dist/internal');

/**
 * An embedded PostgreSQL in a child process (jest's VM cannot load its ES module), on a fixed data
 * folder, so a test can stop it and start it again on the same port.
 */
export async function startPostgresProcess(dataDir: string, port?: number): Promise<{ url: string; stop(): Promise<void> }> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(SHARED)});
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port ?? 0} }).then((db) => {
      process.stdout.write('URL ' + db.url + '\\n');
      process.on('SIGTERM', () => db.dispose().then(() => process.exit(0)));
    }, (err) => { console.error(err); process.exit(1); });`;
  const child: ChildProcess = spawnTracked(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] }, 'embedded PostgreSQL');
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d.toString();
      const m = /URL (\S+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
