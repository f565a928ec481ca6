import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSecret } from './secrets';

/**
 * The folder of `npm start`'s own state (secrets, the gateway's schema cache) for the embedded
 * PostgreSQL's folder `IOC_DATA_DIR`: by default (`.data/postgres`) the repository's `.data`; for any
 * other, a folder of its own beside it, `<IOC_DATA_DIR>-state` (made mode 0700) — never the data
 * folder's parent, which may be shared (`IOC_DATA_DIR=/tmp/x` must not write `/tmp/secrets.json`).
 * Not inside `IOC_DATA_DIR` itself: PostgreSQL's initdb wants that folder empty.
 */
export function localStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const fallback = path.resolve('.data/postgres');
  const dataDir = path.resolve(env.IOC_DATA_DIR || fallback);
  return dataDir === fallback ? path.dirname(fallback) : `${dataDir}-state`;
}

/**
 * Where `npm start` keeps the secrets it generates: `IOC_SECRETS_FILE`, else `secrets.json` in
 * {@link localStateDir} (`.data/secrets.json`; `/tmp/x-state/secrets.json` for `IOC_DATA_DIR=/tmp/x`).
 */
export function localSecretsFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.IOC_SECRETS_FILE) return path.resolve(env.IOC_SECRETS_FILE);
  return path.join(localStateDir(env), 'secrets.json');
}

function readFile(file: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`The secrets file ${file} is unreadable (${(err as Error).message}); delete it to generate new secrets`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`The secrets file ${file} is not a JSON object; delete it to generate new secrets`);
  return Object.fromEntries(Object.entries(doc).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0));
}

/**
 * The secrets kept in `file` (a JSON object of variable → value, mode 0600). With `create`, any of
 * `names` missing is generated (48 random bytes) and the file is written atomically with mode 0600
 * (its folder 0700 when made here); a looser mode on an existing file is tightened.
 * @returns the values of every secret in the file
 * @throws Error when the file is missing (without `create`) or unreadable
 */
export function loadLocalSecrets(file: string, options: { names?: readonly string[]; create?: boolean } = {}): Record<string, string> {
  const exists = existsSync(file);
  if (!exists && !options.create) {
    throw new Error(`No secrets file at ${file}: run \`npm start\` once (it generates one); if it runs with its own IOC_DATA_DIR or IOC_SECRETS_FILE, set the same here; or set the secrets in the environment`);
  }
  const secrets = exists ? readFile(file) : {};
  if (exists && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const missing = (options.names ?? []).filter((n) => !secrets[n]);
  if (options.create && missing.length) {
    for (const name of missing) secrets[name] = generateSecret();
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'w' });
    chmodSync(tmp, 0o600); // the umask may have narrowed it further; never wider
    renameSync(tmp, file);
  }
  return secrets;
}
