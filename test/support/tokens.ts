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

type Role = 'viewer' | 'reporter' | 'admin';
const keyOf = (role: Role, agency?: string) => `${role}:${agency ?? ''}`;

// The tokens tests use most, signed once when this module loads, before any socket is open: a
// synchronous child later blocks the event loop, and fetch may then reuse a keep-alive socket the
// server has closed meanwhile ("other side closed"). Same function and claims as `ioc token`.
const COMMON: [Role, string?][] = [['admin'], ['viewer'], ['reporter', 'TCT'], ['reporter', 'VPCP'], ['reporter', 'BTTTT'], ['reporter', 'BYT'], ['reporter', 'XYZ']];
const presigned = new Map<string, string>(
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '-e',
        `const { signAccessToken } = require('@ioc-graph/kit/internal');
         Promise.all(${JSON.stringify(COMMON)}.map(async ([role, agency]) => [role + ':' + (agency ?? ''),
           await signAccessToken({ subject: agency ? role + '@' + agency : role, roles: [role], agency: agency ?? null, expiresIn: '8h' })]))
           .then((pairs) => process.stdout.write('\\n' + JSON.stringify(pairs)));`,
      ],
      { env: { ...process.env, IOC_JWT_SECRET: TEST_JWT_SECRET }, cwd: path.resolve(__dirname, '../..') },
    )
      .toString()
      .trim()
      .split('\n')
      .pop()!,
  ) as [string, string][],
);

/** A token as `ioc token` (the documented command) makes it, e.g. `token('reporter', 'TCT')`. */
export function token(role: Role, agency?: string): string {
  const ready = presigned.get(keyOf(role, agency));
  if (ready) return ready;
  const args = [CLI, 'token', '--role', role, ...(agency ? ['--agency', agency] : [])];
  return execFileSync(process.execPath, args, { env: { ...process.env, IOC_JWT_SECRET: TEST_JWT_SECRET } }).toString().trim();
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/**
 * The signed context the gateway forwards to `subgraph` (as an admin by default, with that
 * subgraph's context secret from `env`), for posting to a subgraph directly while the gateway is
 * down; with `principal`, the context of another (e.g. the gateway's query cache's, for the change feed).
 */
export function gatewayContext(env: NodeJS.ProcessEnv, subgraph = 'governance', principal: { subject: string; roles: Role[] } = { subject: 'test', roles: ['admin'] }): string {
  const script = `require('@ioc-graph/kit/internal').signGatewayContext({ ...${JSON.stringify(principal)}, agencyCode: null }, process.env, ${JSON.stringify(subgraph)})
    .then((t) => process.stdout.write(t))`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env } }).toString().trim();
  return out.split('\n').pop()!; // the logger may warn on stdout first (development secret)
}

/**
 * A client token signed with {@link TEST_JWT_SECRET} for any `subject`, with jose itself: also for
 * the subjects `ioc token` refuses to issue (the gateway's own).
 */
export function tokenWithSubject(subject: string, role: Role = 'admin'): string {
  const script = `require('jose') && new (require('jose').SignJWT)({ roles: [${JSON.stringify(role)}] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(${JSON.stringify(subject)}).setIssuer('ioc-graph').setAudience('ioc-graph')
    .setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(process.env.IOC_JWT_SECRET)).then((t) => process.stdout.write(t))`;
  return execFileSync(process.execPath, ['-e', script], { env: { ...process.env, IOC_JWT_SECRET: TEST_JWT_SECRET }, cwd: path.resolve(__dirname, '../..') }).toString().trim();
}
