import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

// Signing runs in a child process: jose is an ES module, which Node loads with require() but
// Jest's runtime does not.

/**
 * The JWT secret the test system runs with (tokens are signed with it by the real `token` command):
 * random per test file and run, never a value written anywhere.
 */
export const TEST_JWT_SECRET = randomBytes(48).toString('base64url');

const CLI = path.resolve(__dirname, '../../cli/dist/main.js');

/** A token from `ioc token` (the documented command), e.g. `token('reporter', 'TCT')`. */
export function token(role: 'viewer' | 'reporter' | 'admin', agency?: string): string {
  const args = [CLI, 'token', '--role', role, ...(agency ? ['--agency', agency] : [])];
  return execFileSync(process.execPath, args, { env: { ...process.env, IOC_JWT_SECRET: TEST_JWT_SECRET } }).toString().trim();
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/**
 * The signed context the gateway forwards to `subgraph` (as an admin, with that subgraph's context
 * secret from `env`), for posting to a subgraph directly while the gateway is down.
 */
export function gatewayContext(env: NodeJS.ProcessEnv, subgraph = 'governance'): string {
  const script = `require('@ioc-graph/kit/internal').signGatewayContext({ subject: 'test', roles: ['admin'], agencyCode: null }, process.env, ${JSON.stringify(subgraph)})
    .then((t) => process.stdout.write(t))`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env } }).toString().trim();
  return out.split('\n').pop()!; // the logger may warn on stdout first (development secret)
}
