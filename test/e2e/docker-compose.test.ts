import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// There is no Docker engine on the build machines: this keeps the compose file honest by reading it.
describe('docker-compose.yml', () => {
  const root = path.resolve(__dirname, '../..');
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: unknown; build?: string; ports?: string[] }>;
  };
  const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');

  it('should name the database and the four services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['economy', 'gateway', 'governance', 'postgres', 'society']);
  });

  it('should wire DATABASE_URL to the compose PostgreSQL in every service', () => {
    for (const name of ['governance', 'economy', 'society', 'gateway']) {
      expect(compose.services[name].environment?.DATABASE_URL).toMatch(/^postgres:\/\/\w+:\w+@postgres:5432\/\w+$/);
    }
  });

  it('should start each service from a compiled entry point that the build produces', () => {
    for (const name of ['governance', 'economy', 'society', 'gateway']) {
      const [, script] = compose.services[name].command!;
      const source = script.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect(() => readFileSync(path.join(root, source))).not.toThrow();
    }
  });

  it('should point the gateway at the subgraphs by service name', () => {
    const env = compose.services.gateway.environment!;
    expect(env.GOVERNANCE_URL).toBe('http://governance:4001/graphql');
    expect(env.ECONOMY_URL).toBe('http://economy:4002/graphql');
    expect(env.SOCIETY_URL).toBe('http://society:4003/graphql');
  });

  it('should require every secret rather than fall back to a value written in the file', () => {
    const refs = [...text.matchAll(/\$\{([A-Z_]*SECRET)([^}]*)\}/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [whole, , rest] of refs) expect([whole, rest.startsWith(':?')]).toEqual([whole, true]);
    expect(compose.services.gateway.environment!.IOC_JWT_SECRET).toMatch(/^\$\{IOC_JWT_SECRET:\?/);
  });

  it("should give each subgraph its own context secret and no other subgraph's", () => {
    for (const name of ['governance', 'economy', 'society']) {
      const secrets = Object.keys(compose.services[name].environment!).filter((k) => k.endsWith('SECRET'));
      expect(secrets).toEqual([`${name.toUpperCase()}_CONTEXT_SECRET`]);
    }
  });

  it('should publish only the gateway, not the subgraphs', () => {
    for (const name of ['governance', 'economy', 'society']) expect(compose.services[name].ports).toBeUndefined();
    expect(compose.services.gateway.ports).toEqual(['4000:4000']);
  });
});
