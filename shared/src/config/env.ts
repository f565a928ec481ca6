/**
 * Typed, fail-fast configuration from environment variables. Every process reads its settings
 * through {@link readEnv} at start, so a bad value stops it with a message naming the variable,
 * instead of failing later in a request. Values are validated by zod schemas (the one schema
 * library of the project's configuration: env, `wall/layout.json`, `supergraph.yaml`).
 */
import { z } from 'zod';
import { FETCH_BAD_PORTS } from './bad-ports';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A hand-written parser; throw (any Error) with a message that names `name`. */
type Parser<T> = (raw: string, name: string) => T;

export interface EnvSpec<T> {
  /** Environment variable name. */
  env: string;
  /** Used when the variable is unset or empty; omit to make the variable required. */
  default?: T;
  /**
   * A zod schema over the raw string (see {@link parsers}), or a function. A failing schema's
   * message is prefixed with the variable's name: `GATEWAY_PORT must be …, got "x"`.
   */
  parse: z.ZodType<T, string> | Parser<T>;
  /** One line for the README and for error messages. */
  doc: string;
}

const port = z
  .string()
  .transform((raw, ctx) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be a TCP port (0-65535, 0 = any free port)' });
      return z.NEVER;
    }
    if (FETCH_BAD_PORTS.has(n)) {
      ctx.addIssue({
        code: 'custom',
        message: `must not be ${n}: browsers and Node's fetch refuse to connect to it (a "bad port" of the Fetch standard); pick another, e.g. ${n + 1 < 65536 && !FETCH_BAD_PORTS.has(n + 1) ? n + 1 : 4000}`,
      });
      return z.NEVER;
    }
    return n;
  });

/** Schemas for the usual kinds of variable (each parses the raw string). */
export const parsers = {
  string: z.string(),
  /** A TCP port, 0 = any free port; refuses the ports `fetch` will not connect to (6000, 6665…). */
  port,
  positiveNumber: z.string().transform((raw, ctx) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a non-negative number' });
      return z.NEVER;
    }
    return n;
  }),
  boolean: z.string().transform((raw, ctx) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  }),
  url: z.string().transform((raw, ctx) => {
    try {
      return new URL(raw).toString();
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a URL' });
      return z.NEVER;
    }
  }),
  optionalString: z.string().transform((raw) => raw || undefined),
} satisfies Record<string, z.ZodType<unknown, string>>;

export type EnvSpecs = Record<string, EnvSpec<unknown>>;
export type ConfigOf<S extends EnvSpecs> = { [K in keyof S]: S[K] extends EnvSpec<infer T> ? T : never };

/** Parses one raw value; returns the error message (naming the variable) or the value. */
function parseOne(spec: EnvSpec<unknown>, raw: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (typeof spec.parse === 'function') {
    try {
      return { ok: true, value: spec.parse(raw, spec.env) };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }
  const r = spec.parse.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, message: `${spec.env} ${r.error.issues.map((i) => i.message).join('; ')}, got "${raw}"` };
}

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
    const r = parseOne(spec, raw);
    if (r.ok) out[key] = r.value;
    else problems.push(r.message);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return out as ConfigOf<S>;
}

/** The messages of a failed zod parse, each prefixed with the path of the key at fault (`pages[0].columns[1].pillar: …`). */
export function describeZodIssues(error: z.ZodError, where: string): string {
  const path = (p: PropertyKey[]) =>
    p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
  return error.issues.map((i) => `${where}: ${path(i.path) || '(top level)'}: ${i.message}`).join('\n');
}
