import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSupergraphConfig } from '@ioc-graph/gateway';
import { UsageError } from '../args';
import { checkEnvironment, coreUrlsFromPorts, subgraphCommand } from './subgraph-check';

describe('subgraph check: where the core subgraphs are', () => {
  it('should find the core subgraphs on the ports npm start was given (GOVERNANCE_PORT…)', () => {
    expect(coreUrlsFromPorts({ GOVERNANCE_PORT: '4761', ECONOMY_PORT: '4762', SOCIETY_PORT: '4763' })).toEqual({
      GOVERNANCE_URL: 'http://127.0.0.1:4761/graphql',
      ECONOMY_URL: 'http://127.0.0.1:4762/graphql',
      SOCIETY_URL: 'http://127.0.0.1:4763/graphql',
    });
  });

  it('should leave an explicit *_URL and unset ports alone', () => {
    expect(coreUrlsFromPorts({ GOVERNANCE_PORT: '4761', GOVERNANCE_URL: 'http://gov.example/graphql' })).toEqual({});
    expect(coreUrlsFromPorts({})).toEqual({});
  });

  it('should refuse an unknown option, naming it, before reading anything (a typo of --json is not ignored)', async () => {
    await expect(subgraphCommand(['check', '--name', 'health', '--schema', 'health.graphql', '--jsn'])).rejects.toThrow(UsageError);
    await expect(subgraphCommand(['check', '--name', 'health', '--schema', 'health.graphql', '--jsn'])).rejects.toThrow(/--jsn/);
  });
});

describe('subgraph check: a partner already live', () => {
  // README step 4 puts `context_secret: ${env.HEALTH_CONTEXT_SECRET}` in supergraph.yaml and the value
  // in the secrets file the gateway reads, not in the operator's shell: the next check must still run.
  it("should read supergraph.yaml whose partner entry names a context secret the shell does not have", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-check-env-'));
    try {
      const file = path.join(dir, 'supergraph.yaml');
      writeFileSync(file, [
        'federation_version: =2.7.0',
        'subgraphs:',
        '  health:',
        '    routing_url: http://127.0.0.1:4100/graphql',
        '    context_secret: ${env.HEALTH_CONTEXT_SECRET}',
        '    schema:',
        '      subgraph_url: ${env.HEALTH_URL:-http://127.0.0.1:4100/graphql}',
        '',
      ].join('\n'));
      await expect(loadSupergraphConfig(file, {})).rejects.toThrow(/HEALTH_CONTEXT_SECRET/);
      const entries = await loadSupergraphConfig(file, checkEnvironment({}));
      expect(entries.map((e) => [e.name, e.routingUrl])).toEqual([['health', 'http://127.0.0.1:4100/graphql']]);
      // Anything else still reads from the environment as it is.
      expect(checkEnvironment({ HEALTH_URL: 'http://h.example/graphql' }).HEALTH_URL).toBe('http://h.example/graphql');
      expect(checkEnvironment({}).HEALTH_URL).toBeUndefined();
      expect(checkEnvironment({ HEALTH_CONTEXT_SECRET: 'given' }).HEALTH_CONTEXT_SECRET).toBe('given');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
