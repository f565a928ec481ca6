/**
 * Typed, fail-fast configuration from environment variables. Every process reads its settings
 * through {@link readEnv} at start, so a bad value stops it with a message naming the variable,
 * instead of failing later in a request.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Parser<T> = (raw: string, name: string) => T;

export interface EnvSpec<T> {
  /** Environment variable name. */
  env: string;
  /** Used when the variable is unset or empty; omit to make the variable required. */
  default?: T;
  parse: Parser<T>;
  /** One line for the README and for error messages. */
  doc: string;
}

export const parsers = {
  string: ((raw) => raw) as Parser<string>,
  port: ((raw, name) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new ConfigError(`${name} must be a TCP port (0-65535, 0 = any free port), got "${raw}"`);
    }
    return n;
  }) as Parser<number>,
  positiveNumber: ((raw, name) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  }) as Parser<number>,
  boolean: ((raw, name) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  }) as Parser<boolean>,
  url: ((raw, name) => {
    try {
      return new URL(raw).toString();
    } catch {
      throw new ConfigError(`${name} must be a URL, got "${raw}"`);
    }
  }) as Parser<string>,
  optionalString: ((raw) => raw || undefined) as Parser<string | undefined>,
};

export type EnvSpecs = Record<string, EnvSpec<unknown>>;
export type ConfigOf<S extends EnvSpecs> = { [K in keyof S]: S[K] extends EnvSpec<infer T> ? T : never };

/**
 * Reads every variable of `specs` from `env`; throws one {@link ConfigError} listing every problem.
 */
export function readEnv<S extends EnvSpecs>(specs: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const raw = env[spec.env];
    if (raw === undefined || raw === '') {
      if ('default' in spec) out[key] = spec.default;
      else problems.push(`${spec.env} is required: ${spec.doc}`);
      continue;
    }
    try {
      out[key] = spec.parse(raw, spec.env);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return out as ConfigOf<S>;
}
