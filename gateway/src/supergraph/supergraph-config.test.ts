import { SupergraphConfigError, parseSupergraphConfig, readSupergraphConfig } from './supergraph-config';

const yaml = `
federation_version: =2.7.0
subgraphs:
  governance:
    routing_url: \${env.GOVERNANCE_URL:-http://127.0.0.1:4001/graphql}
    schema:
      subgraph_url: \${env.GOVERNANCE_URL:-http://127.0.0.1:4001/graphql}
  health:
    routing_url: http://health.example:4100/graphql
    schema:
      file: ./health.graphql
`;

describe('parseSupergraphConfig', () => {
  it('should read rover entries with environment defaults', () => {
    expect(parseSupergraphConfig(yaml, 'supergraph.yaml', {})).toEqual([
      { name: 'governance', routingUrl: 'http://127.0.0.1:4001/graphql', schema: { subgraphUrl: 'http://127.0.0.1:4001/graphql' } },
      { name: 'health', routingUrl: 'http://health.example:4100/graphql', schema: { file: './health.graphql' } },
    ]);
  });

  it('should take a value from the environment over the default', () => {
    const [gov] = parseSupergraphConfig(yaml, 'supergraph.yaml', { GOVERNANCE_URL: 'http://gov:9/graphql' });
    expect(gov.routingUrl).toBe('http://gov:9/graphql');
  });

  it('should name the file and subgraph of a bad entry', () => {
    expect(() => parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: nope\n', 'sg.yaml', {})).toThrow(
      new SupergraphConfigError('sg.yaml: subgraph "tax": routing_url must be an http(s) URL'),
    );
  });

  it('should name a variable that is required and unset', () => {
    expect(() => parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: ${env.TAX_URL}\n', 'sg.yaml', {})).toThrow(
      /TAX_URL is not set/,
    );
  });

  it('should read a per-subgraph timeout in seconds, milliseconds or as a number of ms', () => {
    const entries = parseSupergraphConfig(
      'subgraphs:\n  a:\n    routing_url: http://a/graphql\n    timeout: 2s\n  b:\n    routing_url: http://b/graphql\n    timeout: 750ms\n  c:\n    routing_url: http://c/graphql\n    timeout: 1500\n  d:\n    routing_url: http://d/graphql\n',
      'sg.yaml', {});
    expect(entries.map((e) => e.timeoutMs)).toEqual([2000, 750, 1500, undefined]);
  });

  it('should refuse a timeout that is not a duration, naming the subgraph', () => {
    expect(() => parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: http://t/graphql\n    timeout: soon\n', 'sg.yaml', {})).toThrow(
      'sg.yaml: subgraph "tax": timeout must be a duration between 1ms and 600s (e.g. "10s", "500ms"), got "soon"',
    );
  });

  it('should name the key at fault when an entry is not a map or a key has the wrong type', () => {
    expect(() => parseSupergraphConfig('subgraphs:\n  tax: 12\n', 'sg.yaml', {})).toThrow(/sg\.yaml: subgraph "tax": must be a map with routing_url/);
    expect(() => parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: http://t/graphql\n    schema: 5\n', 'sg.yaml', {})).toThrow(
      /sg\.yaml: subgraph "tax": schema /,
    );
    expect(() => parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: 7\n', 'sg.yaml', {})).toThrow(
      'sg.yaml: subgraph "tax": routing_url must be an http(s) URL',
    );
  });

  it('should refuse a file without subgraphs and a bad subgraph name', () => {
    expect(() => parseSupergraphConfig('federation_version: =2.7.0\n', 'sg.yaml', {})).toThrow(/sg\.yaml lists no subgraphs/);
    expect(() => parseSupergraphConfig('subgraphs: {}\n', 'sg.yaml', {})).toThrow(/sg\.yaml lists no subgraphs/);
    expect(() => parseSupergraphConfig('subgraphs:\n  9tax:\n    routing_url: http://t/graphql\n', 'sg.yaml', {})).toThrow(
      'sg.yaml: subgraph "9tax": invalid name',
    );
  });

  it('should read an entry with only routing_url as introspected there', () => {
    expect(parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: http://t/graphql\n', 'sg.yaml', {})).toEqual([
      { name: 'tax', routingUrl: 'http://t/graphql', schema: { subgraphUrl: 'http://t/graphql' } },
    ]);
  });
  it("should read a subgraph's own context secret, and treat an empty one as unset", () => {
    const text = 'subgraphs:\n  health:\n    routing_url: http://h:1/graphql\n    context_secret: ${env.HEALTH_CONTEXT_SECRET:-}\n';
    expect(parseSupergraphConfig(text, 'sg.yaml', { HEALTH_CONTEXT_SECRET: 's'.repeat(40) })[0].contextSecret).toBe('s'.repeat(40));
    expect(parseSupergraphConfig(text, 'sg.yaml', {})[0]).not.toHaveProperty('contextSecret');
  });

  it('should refuse a context_secret that is not a string, naming the subgraph', () => {
    expect(() => parseSupergraphConfig('subgraphs:\n  tax:\n    routing_url: http://t:1/graphql\n    context_secret: [1]\n', 'sg.yaml', {})).toThrow(
      /subgraph "tax": context_secret must be a string/,
    );
  });
});

describe('readSupergraphConfig', () => {
  const core = 'subgraphs:\n  governance:\n    routing_url: ${env.GOVERNANCE_URL:-http://g:1/graphql}\n';
  const health = '  health:\n    routing_url: http://h:1/graphql\n    context_secret: ${env.HEALTH_CONTEXT_SECRET}\n';

  it('should leave out a partner entry naming an unset variable, and name the variable', () => {
    const { entries, unresolved } = readSupergraphConfig(core + health, 'sg.yaml', {}, ['governance']);
    expect(entries.map((e) => e.name)).toEqual(['governance']);
    expect(unresolved).toEqual([
      { name: 'health', kind: 'env-missing', missing: ['HEALTH_CONTEXT_SECRET'], reason: expect.stringMatching(/sg\.yaml: subgraph "health": environment variable HEALTH_CONTEXT_SECRET is not set/) },
    ]);
  });

  it('should keep the partner once its variable is set', () => {
    const { entries, unresolved } = readSupergraphConfig(core + health, 'sg.yaml', { HEALTH_CONTEXT_SECRET: 's'.repeat(40) }, ['governance']);
    expect(unresolved).toEqual([]);
    expect(entries[1]).toMatchObject({ name: 'health', contextSecret: 's'.repeat(40) });
  });

  it('should leave out a partner entry with a bad value, naming the key', () => {
    const bad = '  health:\n    routing_url: ftp://h/graphql\n';
    const { entries, unresolved } = readSupergraphConfig(core + bad, 'sg.yaml', {}, ['governance']);
    expect(entries.map((e) => e.name)).toEqual(['governance']);
    expect(unresolved).toEqual([{ name: 'health', kind: 'invalid', missing: [], reason: 'sg.yaml: subgraph "health": routing_url must be an http(s) URL' }]);
  });

  it("should fail fast on a core subgraph's unset variable, naming the subgraph and the variable", () => {
    const text = 'subgraphs:\n  governance:\n    routing_url: http://g:1/graphql\n    context_secret: ${env.GOVERNANCE_CONTEXT_SECRET}\n';
    expect(() => readSupergraphConfig(text, 'sg.yaml', {}, ['governance'])).toThrow(
      /sg\.yaml: subgraph "governance": environment variable GOVERNANCE_CONTEXT_SECRET is not set and has no default \(core subgraph/,
    );
  });

  it('should not read variables in comments', () => {
    const { unresolved } = readSupergraphConfig(`# set \${env.SOMETHING} first\n${core}`, 'sg.yaml', {}, ['governance']);
    expect(unresolved).toEqual([]);
  });

  it('should list every missing variable of an entry', () => {
    const text = core + '  tax:\n    routing_url: ${env.TAX_URL}\n    context_secret: ${env.TAX_SECRET}\n';
    expect(readSupergraphConfig(text, 'sg.yaml', {}, ['governance']).unresolved[0].missing).toEqual(['TAX_URL', 'TAX_SECRET']);
  });
});
