import type { Principal } from '@ioc-graph/kit/internal';
import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { SubgraphClient, SubgraphResponse } from '../fetch/subgraph-client';
import { isCore } from '../supergraph/core';
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
  const policy = cachePolicy(query, { core: isCore(client.name), readingsField: cache.readingsField(client.name) });
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
    // Refused as a whole (a viewer, a reporter without an agency): nothing was written, so nothing
    // to drop, or any credential holder's refused mutation would empty the subgraph's entries
    // (the wall's included) for everyone, as often as he sends it.
    if (res.feedPosition === undefined && refusedAsAWhole(query, res.body)) return res;
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

/** Authorization refusals: raised before a resolver writes anything (see the kit's requireReporter). */
const REFUSALS: ReadonlySet<unknown> = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

/**
 * Whether the subgraph refused every root field of the mutation itself, for who the caller is
 * (`data` null, and each root field's own path has a FORBIDDEN or UNAUTHENTICATED error): then none
 * of them ran past its authorization and nothing was written. A root field that ran (even if a
 * later one was refused) leaves no error at its own path: not refused as a whole.
 */
function refusedAsAWhole(query: string, body: string): boolean {
  let answer: { data?: unknown; errors?: { path?: unknown; extensions?: { code?: unknown } }[] };
  let op: OperationDefinitionNode | undefined;
  try {
    answer = JSON.parse(body) as typeof answer;
    op = parse(query, { noLocation: true }).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  if (!op || answer?.data != null || !Array.isArray(answer.errors) || !answer.errors.length) return false;
  if (!op.selectionSet.selections.every((s) => s.kind === Kind.FIELD)) return false;
  const refused = new Set(answer.errors
    .filter((e) => REFUSALS.has(e?.extensions?.code) && Array.isArray(e.path) && e.path.length === 1)
    .map((e) => (e.path as unknown[])[0]));
  return op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && refused.has((s.alias ?? s.name).value));
}
