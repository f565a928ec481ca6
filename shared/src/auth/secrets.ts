import { createLogger } from '../log';

/** Secrets used in development when the variable is unset (never in production). */
const DEV_SECRETS: Record<string, string> = {
  IOC_JWT_SECRET: 'ioc-graph-development-jwt-secret-do-not-use-in-production',
  IOC_GATEWAY_SECRET: 'ioc-graph-development-gateway-secret-do-not-use-in-production',
};

const warned = new Set<string>();

/**
 * The HS256 secret held in `variable`. Outside production a known development secret stands in
 * (with one warning per process); in production an unset or short secret stops the process.
 */
export function readSecret(
  variable: 'IOC_JWT_SECRET' | 'IOC_GATEWAY_SECRET',
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (m) => createLogger('auth').warn(m),
): Uint8Array {
  const raw = env[variable];
  if (raw) {
    if (env.NODE_ENV === 'production' && raw.length < 32) {
      throw new Error(`${variable} must be at least 32 characters in production`);
    }
    return new TextEncoder().encode(raw);
  }
  if (env.NODE_ENV === 'production') {
    throw new Error(`${variable} is required in production (an HS256 secret of at least 32 characters)`);
  }
  if (!warned.has(variable)) {
    warned.add(variable);
    warn(`${variable} is unset: using the development secret (NODE_ENV is not production)`);
  }
  return new TextEncoder().encode(DEV_SECRETS[variable]);
}
