import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLocalSecrets, localSecretsFile } from './local-secrets';
import { KNOWN_EXAMPLE_SECRETS, readContextSecret, readSecret } from './secrets';

const quiet = () => undefined;
const strong = 'x'.repeat(48);

describe('secrets', () => {
  it('should refuse an unset secret, naming the variable and how npm start makes one', () => {
    expect(() => readSecret('IOC_JWT_SECRET', {})).toThrow(/IOC_JWT_SECRET is not set[\s\S]*npm start/);
  });

  it('should refuse every published example value, in development too', () => {
    for (const value of KNOWN_EXAMPLE_SECRETS) {
      expect(() => readSecret('IOC_JWT_SECRET', { IOC_JWT_SECRET: value, NODE_ENV: 'development' }, quiet)).toThrow(/published example/);
    }
  });

  it('should refuse a secret shorter than 32 bytes in production and only warn elsewhere', () => {
    expect(() => readSecret('IOC_JWT_SECRET', { IOC_JWT_SECRET: 'short', NODE_ENV: 'production' })).toThrow(/at least 32/);
    const warnings: string[] = [];
    expect(readSecret('IOC_GATEWAY_SECRET', { IOC_GATEWAY_SECRET: 'short' }, (m) => warnings.push(m))).toHaveLength(5);
    expect(warnings[0]).toMatch(/IOC_GATEWAY_SECRET is 5 bytes/);
  });

  it("should give a subgraph its own context secret, falling back to IOC_GATEWAY_SECRET", () => {
    expect(readContextSecret('health', { HEALTH_CONTEXT_SECRET: strong, IOC_GATEWAY_SECRET: 'y'.repeat(48) }).variable).toBe('HEALTH_CONTEXT_SECRET');
    expect(readContextSecret('health', { IOC_GATEWAY_SECRET: strong }).variable).toBe('IOC_GATEWAY_SECRET');
    expect(() => readContextSecret('health', {})).toThrow(/HEALTH_CONTEXT_SECRET nor IOC_GATEWAY_SECRET/);
  });
});

describe('the secrets file npm start keeps', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'secrets-'));

  it("should sit in a folder of its own beside the embedded database folder, never in that folder's parent, unless IOC_SECRETS_FILE says otherwise", () => {
    expect(localSecretsFile({ IOC_DATA_DIR: '/tmp/x' })).toBe('/tmp/x-state/secrets.json');
    expect(localSecretsFile({ IOC_DATA_DIR: '/srv/ioc/pg' })).toBe('/srv/ioc/pg-state/secrets.json');
    expect(localSecretsFile({})).toBe(path.resolve('.data/secrets.json'));
    expect(localSecretsFile({ IOC_DATA_DIR: '.data/postgres' })).toBe(path.resolve('.data/secrets.json'));
    expect(localSecretsFile({ IOC_DATA_DIR: '/srv/ioc/pg', IOC_SECRETS_FILE: '/etc/ioc/s.json' })).toBe('/etc/ioc/s.json');
  });

  it('should generate missing secrets once, with mode 0600, and keep them on the next load', () => {
    const file = path.join(dir(), 'data', 'secrets.json');
    const first = loadLocalSecrets(file, { names: ['A_SECRET', 'B_SECRET'], create: true });
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(Buffer.byteLength(first.A_SECRET)).toBeGreaterThanOrEqual(32);
    expect(first.A_SECRET).not.toBe(first.B_SECRET);
    expect(loadLocalSecrets(file, { names: ['A_SECRET', 'B_SECRET'], create: true })).toEqual(first);
    expect(loadLocalSecrets(file)).toEqual(first);
  });

  it('should tighten a file others can read, and name a missing or broken file', () => {
    const file = path.join(dir(), 'secrets.json');
    expect(() => loadLocalSecrets(file)).toThrow(/No secrets file at .*npm start/);
    // npm start may have been given its own data folder: the message names the variables that find it.
    expect(() => loadLocalSecrets(file)).toThrow(/IOC_DATA_DIR or IOC_SECRETS_FILE/);
    writeFileSync(file, JSON.stringify({ A_SECRET: strong }));
    chmodSync(file, 0o644);
    expect(loadLocalSecrets(file).A_SECRET).toBe(strong);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    writeFileSync(file, 'not json');
    expect(() => loadLocalSecrets(file)).toThrow(/unreadable.*delete it/);
    expect(readFileSync(file, 'utf8')).toBe('not json'); // nothing overwritten
  });
});
