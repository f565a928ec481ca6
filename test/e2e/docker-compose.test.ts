import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// There is no Docker engine on the build machines: this keeps the compose file honest by reading it.
describe('docker-compose.yml', () => {
  const root = path.resolve(__dirname, '../..');
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: unknown; build?: string }>;
  };

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
});
