import type { Principal } from '@ioc-graph/kit/internal';
import type { SubgraphClient, SubgraphResponse } from '../fetch/subgraph-client';
import { cachePolicy, scopeOf, unitDependencies } from './cache-policy';
import type { QueryCache, ResponseTicket } from './query-cache';

/**
 * Posts a subgraph fetch through the cache: a cacheable query is answered from it or fills it (only
 * a clean 200 answer, without GraphQL errors). A mutation is answered once its subgraph's change
 * feed has passed the write (the position its answer carries, see `QueryCache.settleWrite`): its own
 * event has then dropped exactly the entries it touched, so the very next read through this gateway
 * sees the write and every other entry is kept. Nothing is dropped before it is sent: a read racing
 * it fills nothing once the event came between its start and its answer (`QueryCache.fill`), and an
 * entry it filled before is dropped by the event. Without a position to wait for (or past the wait's
 * bound) the subgraph's entries are all dropped. Identical misses in flight still share one call
 * (the client's dedupe).
 * @param query the subgraph operation's text (for its policy)
 * @param body the exact request body (the cache key, with the subgraph and the caller's scope)
 * @param variables the request's variables (an entity fetch's representations name its units)
 * @param answer the whole answer's ticket (see `answerThroughCache`): told this fetch's dependencies
 */
export async function postThroughCache(
  cache: QueryCache,
  client: SubgraphClient,
  query: string,
  body: string,
  headers: Record<string, string>,
  principal: Principal | null | undefined,
  variables: Record<string, unknown> | undefined,
  answer?: ResponseTicket,
): Promise<SubgraphResponse> {
  const policy = cachePolicy(query);
  // The whole answer can be kept only if each of its fetches could be.
  if (answer && !policy.startsWith('cache')) answer.cacheable = false;
  if (policy === 'invalidate') {
    // A caller without a credential writes nothing (every write needs a reporter or admin; the kit
    // refuses it at the subgraph): its mutation drops nothing, or one stranger's refused mutation a
    // second would empty the subgraph's entries for everyone. A write that happens anyway still
    // arrives as an outbox event and drops what it touches.
    if (!principal) return client.post(body, headers, false);
    let res: SubgraphResponse;
    try {
      res = await client.post(body, headers, false);
    } catch (err) {
      // No answer: the write may have happened all the same, and no position says where.
      cache.invalidate(client.name);
      throw err;
    }
    await cache.settleWrite(client.name, res.feedPosition);
    return res;
  }
  if (policy === 'bypass') {
    cache.bypass();
    return client.post(body, headers, true);
  }
  const units = policy === 'cache-units' ? unitDependencies(variables) : null;
  const started = cache.begin(client.name, scopeOf(principal), body, units);
  if (answer) {
    if (started) answer.deps.push({ subgraph: client.name, units });
    else answer.cacheable = false;
  }
  if (!started) return client.post(body, headers, true);
  if ('hit' in started) return { status: 200, body: started.hit };
  const res = await client.post(body, headers, true);
  // A partial answer (a subgraph error) is not kept: the next read asks again.
  if (res.status === 200 && !res.body.includes('"errors"')) cache.fill(started.ticket, res.body);
  else if (answer) answer.cacheable = false;
  return res;
}
