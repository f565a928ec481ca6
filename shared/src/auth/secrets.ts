import { randomBytes } from 'node:crypto';
import { createLogger } from '../log';

/**
 * Secrets that were once printed in this repository or its examples (the old development
 * defaults, docker-compose's old fallbacks, README examples). Anyone can read them, so none of them
 * may ever sign or verify anything, in any mode.
 */
export const KNOWN_EXAMPLE_SECRETS: readonly string[] = [
  'ioc-graph-development-jwt-secret-do-not-use-in-production',
  'ioc-graph-development-gateway-secret-do-not-use-in-production',
  'change-me-jwt-secret-at-least-32-characters',
  'change-me-gateway-secret-at-least-32-chars',
  'test-jwt-secret-of-at-least-thirty-two-characters',
  'replace-with-output-of-openssl-rand-base64-48',
];

/** Shortest secret the production check accepts, in bytes (HS256 wants at least the hash size). */
export const MIN_SECRET_BYTES = 32;

/** `IOC_JWT_SECRET` (client tokens), `IOC_GATEWAY_SECRET` (default context secret) or `<NAME>_CONTEXT_SECRET`. */
export type SecretVariable = 'IOC_JWT_SECRET' | 'IOC_GATEWAY_SECRET' | `${string}_CONTEXT_SECRET`;

export class SecretError extends Error {
  override name = 'SecretError';
}

/** A fresh random secret: 48 random bytes, base64url (64 characters). */
export function generateSecret(): string {
  return randomBytes(48).toString('base64url');
}

/** The variable holding a subgraph's own context secret, e.g. `ECONOMY_CONTEXT_SECRET`, `HEALTH_CONTEXT_SECRET`. */
export function contextSecretVariable(subgraphName: string): `${string}_CONTEXT_SECRET` {
  return `${subgraphName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CONTEXT_SECRET`;
}

const warned = new Set<string>();

/**
 * Checks a secret's value: a known example value is refused always; in production
 * (`NODE_ENV=production`) anything shorter than {@link MIN_SECRET_BYTES} bytes is refused too
 * (elsewhere: one warning per variable and process).
 * @throws SecretError naming the variable and how to make a good one
 */
export function checkSecret(
  variable: string,
  raw: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (m) => createLogger('auth').warn(m),
): Uint8Array {
  const bytes = new TextEncoder().encode(raw);
  if (KNOWN_EXAMPLE_SECRETS.includes(raw.trim())) {
    throw new SecretError(`${variable} is a published example value; make a real one: openssl rand -base64 48`);
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    const message = `${variable} is ${bytes.length} bytes; it must be at least ${MIN_SECRET_BYTES} (openssl rand -base64 48)`;
    if (env.NODE_ENV === 'production') throw new SecretError(message);
    if (!warned.has(variable)) {
      warned.add(variable);
      warn(`${message} (accepted because NODE_ENV is not production)`);
    }
  }
  return bytes;
}

/**
 * The HS256 secret held in `variable`. There is no fallback value: `npm start` generates missing
 * secrets into the data folder and passes them on; any other way of running a service sets them.
 * @throws SecretError when it is unset, a known example, or (in production) too short
 */
export function readSecret(variable: SecretVariable, env: NodeJS.ProcessEnv = process.env, warn?: (message: string) => void): Uint8Array {
  const raw = env[variable];
  if (!raw) {
    throw new SecretError(
      `${variable} is not set: it must be a random secret of at least ${MIN_SECRET_BYTES} bytes (openssl rand -base64 48). ` +
        '`npm start` generates one into the data folder on first start.',
    );
  }
  return checkSecret(variable, raw, env, warn);
}

/**
 * The secret a subgraph's `x-ioc-context` is signed with: its own `<NAME>_CONTEXT_SECRET` when set,
 * else `IOC_GATEWAY_SECRET`. The gateway and the subgraph resolve it the same way (the gateway's
 * supergraph config may also name it per subgraph with `context_secret`).
 * @returns the secret and the variable it came from (for messages)
 * @throws SecretError when neither is set or the value is refused
 */
export function readContextSecret(subgraphName: string, env: NodeJS.ProcessEnv = process.env): { secret: Uint8Array; variable: string } {
  const own = contextSecretVariable(subgraphName);
  if (env[own]) return { secret: readSecret(own, env), variable: own };
  if (!env.IOC_GATEWAY_SECRET) {
    throw new SecretError(
      `Neither ${own} nor IOC_GATEWAY_SECRET is set: the ${subgraphName} subgraph needs the secret the gateway signs its context with`,
    );
  }
  return { secret: readSecret('IOC_GATEWAY_SECRET', env), variable: 'IOC_GATEWAY_SECRET' };
}
