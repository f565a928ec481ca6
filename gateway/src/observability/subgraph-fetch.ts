import { metrics, requestIdHeaders } from '@ioc-graph/kit/internal';

/**
 * Times one gateway-to-subgraph fetch into `ioc_subgraph_fetch_duration_seconds{subgraph, outcome}`
 * and hands `fetch` the headers it must send for the current request (`x-request-id`), whatever
 * the fetcher (Apollo's RemoteGraphQLDataSource or a pooled undici client).
 *
 * @param subgraph the subgraph's name (from the supergraph)
 * @param fetch does the fetch; a rejection counts as `outcome="error"` and is passed on
 * @example
 * const res = await instrumentSubgraphFetch('economy', (headers) => pool.request({ ..., headers: { ...headers, ...mine } }));
 */
export async function instrumentSubgraphFetch<T>(subgraph: string, fetch: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const done = metrics.subgraphFetchDuration.startTimer({ subgraph });
  try {
    const result = await fetch(requestIdHeaders());
    done({ outcome: 'ok' });
    return result;
  } catch (err) {
    done({ outcome: 'error' });
    throw err;
  }
}
