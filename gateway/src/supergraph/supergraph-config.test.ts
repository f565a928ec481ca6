import { SupergraphConfigError, parseSupergraphConfig } from './supergraph-config';

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
