import { type ChildProcess, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { findFreePort } from '@ioc-graph/kit/internal';
import { spawnTracked } from './harness';

const CLI = path.join(ROOT, 'cli/dist/main.js');
// Asynchronous on purpose: a synchronous child blocks the event loop, and fetch may then reuse a
// keep-alive socket the server closed meanwhile ("other side closed").
const run = promisify(execFile);

/** Variables a default install does not have: a test of the default start removes them from its environment. */
export const SECRET_VARIABLES = ['IOC_JWT_SECRET', 'IOC_GATEWAY_SECRET', 'GOVERNANCE_CONTEXT_SECRET', 'ECONOMY_CONTEXT_SECRET', 'SOCIETY_CONTEXT_SECRET', 'IOC_SECRETS_FILE'];

/** The environment of a machine where nobody set a secret, plus `env`. */
export function defaultInstallEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const v of SECRET_VARIABLES) delete base[v];
  return { ...base, ...env };
}

export interface StartRun {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Ctrl-C, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `ioc start` (what `npm start` runs after building) on a default install's environment plus `env`, collecting its output. */
export function runStart(env: NodeJS.ProcessEnv): StartRun {
  let out = '';
  const child = spawnTracked(process.execPath, [CLI, 'start'], {
    env: defaultInstallEnv({ LOG_LEVEL: 'warn', IOC_SIMULATOR: '0', DATABASE_URL: '', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  }, 'ioc start');
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Ports and a fresh data folder for one `ioc start`. */
export async function startEnv(): Promise<{ env: NodeJS.ProcessEnv; dataDir: string; gatewayPort: number; ports: Record<string, number> }> {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-start-')), 'pg');
  const ports = { gateway: await findFreePort(), governance: await findFreePort(), economy: await findFreePort(), society: await findFreePort() };
  return {
    dataDir,
    gatewayPort: ports.gateway,
    ports,
    env: {
      IOC_DATA_DIR: dataDir,
      GATEWAY_PORT: String(ports.gateway),
      GOVERNANCE_PORT: String(ports.governance),
      ECONOMY_PORT: String(ports.economy),
      SOCIETY_PORT: String(ports.society),
    },
  };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `npm run token` as a user on the same machine runs it (no secret in the environment). */
export async function cliToken(env: NodeJS.ProcessEnv, role: 'viewer' | 'reporter' | 'admin', agency?: string): Promise<string> {
  const args = [CLI, 'token', '--role', role, ...(agency ? ['--agency', agency] : [])];
  return (await run(process.execPath, args, { env: defaultInstallEnv(env) })).stdout.trim();
}

/**
 * A JWT signed HS256 with an arbitrary `secret` (e.g. a value once published), as an attacker
 * would make one; signed in a child process because jose is an ES module.
 */
export async function forgeToken(secret: string, payload: Record<string, unknown>, audience: string): Promise<string> {
  const script = `const { SignJWT } = require('jose');
    new SignJWT(${JSON.stringify(payload)}).setProtectedHeader({ alg: 'HS256' }).setSubject('intruder')
      .setIssuer('ioc-graph').setAudience(${JSON.stringify(audience)}).setIssuedAt().setExpirationTime('1h')
      .sign(new TextEncoder().encode(${JSON.stringify(secret)})).then((t) => process.stdout.write(t));`;
  return (await run(process.execPath, ['-e', script], { cwd: path.join(ROOT, 'shared') })).stdout.trim();
}

/** The context the gateway would sign for `subgraph` on behalf of a caller with `roles`, with the secrets in `env`. */
export async function signedContext(env: NodeJS.ProcessEnv, subgraph: string, roles: string[], agencyCode: string | null = null): Promise<string> {
  const script = `require('@ioc-graph/kit/internal').signGatewayContext({ subject: 'someone', roles: ${JSON.stringify(roles)}, agencyCode: ${JSON.stringify(agencyCode)} }, process.env, ${JSON.stringify(subgraph)})
    .then((t) => process.stdout.write('\\n' + t))`;
  return (await run(process.execPath, ['-e', script], { env })).stdout.trim().split('\n').pop()!;
}
