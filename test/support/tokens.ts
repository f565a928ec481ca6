import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The JWT secret the test system runs with (tokens are signed with it by the real `token` command). */
export const TEST_JWT_SECRET = 'test-jwt-secret-of-at-least-thirty-two-characters';

const CLI = path.resolve(__dirname, '../../cli/dist/main.js');

/** A token from `ioc token` (the documented command), e.g. `token('reporter', 'TCT')`. */
export function token(role: 'viewer' | 'reporter' | 'admin', agency?: string): string {
  const args = [CLI, 'token', '--role', role, ...(agency ? ['--agency', agency] : [])];
  return execFileSync(process.execPath, args, { env: { ...process.env, IOC_JWT_SECRET: TEST_JWT_SECRET } }).toString().trim();
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
