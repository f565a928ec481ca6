import { UsageError } from '../args';
import { coreUrlsFromPorts, subgraphCommand } from './subgraph-check';

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
