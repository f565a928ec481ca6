import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { FormattedExecutionResult } from 'graphql';
import { variablesKey } from '../query/query-gateway';
import { scopeOf } from './cache-policy';
import type { QueryCache, ResponseTicket } from './query-cache';

/**
 * The JSON body of each cached answer, by its `data` object (shared by every hit, never mutated):
 * a hit is written with the text made once at fill, not serialised again per request.
 */
const bodies = new WeakMap<object, string>();

/**
 * Apollo Server's `stringifyResult` for the gateway: a cached answer's kept text, anything else as
 * Apollo Server writes it (`JSON.stringify(value) + '\n'`).
 */
export function stringifyAnswer(value: FormattedExecutionResult): string {
  if (value.errors === undefined && value.extensions === undefined && value.data) {
    const body = bodies.get(value.data);
    if (body !== undefined) return body;
  }
  return `${JSON.stringify(value)}\n`;
}

/** The whole-answer ticket of a request, by its context object (the one its subgraph fetches see). */
const tickets = new WeakMap<object, ResponseTicket>();

/** The ticket a subgraph fetch of this request reports its dependencies to, if any. */
export function responseTicketOf(context: unknown): ResponseTicket | undefined {
  return context && typeof context === 'object' ? tickets.get(context) : undefined;
}

/**
 * Answers a query from the cache of whole answers, or runs it and keeps its answer when every
 * subgraph fetch of it was cacheable (the answer then depends on the union of their dependencies,
 * and is dropped with any of them). Over the fetch cache this saves planning, execution and merging:
 * the part of an identical-dashboard storm that remains when every fetch hits.
 * A request that joined another's execution (inbound dedupe) reports no fetch and fills nothing.
 */
export async function answerThroughCache(
  cache: QueryCache,
  rc: GatewayGraphQLRequestContext,
  run: () => Promise<GatewayExecutionResult>,
): Promise<GatewayExecutionResult> {
  if (rc.operation.operation !== 'query' || !rc.context || typeof rc.context !== 'object') return run();
  const principal = (rc.context as { principal?: Parameters<typeof scopeOf>[0] }).principal;
  // The entries an authenticated request fills (whole answer and subgraph fetches) count against
  // its holder's share of the cache.
  return principal ? cache.asHolder(principal.subject, () => answerAs(cache, rc, principal, run)) : answerAs(cache, rc, principal, run);
}

async function answerAs(
  cache: QueryCache,
  rc: GatewayGraphQLRequestContext & { context: object },
  principal: Parameters<typeof scopeOf>[0],
  run: () => Promise<GatewayExecutionResult>,
): Promise<GatewayExecutionResult> {
  const variables = variablesKey(rc.request.variables, rc.operation);
  if (variables === undefined) return run();
  const key = `${rc.request.operationName ?? ''}\n${variables}\n${rc.queryHash}`;
  const started = cache.beginResponse(key, scopeOf(principal));
  if (!started) return run();
  if ('hit' in started) return { ...(started.hit as GatewayExecutionResult) }; // its own envelope; `data` is never mutated
  tickets.set(rc.context, started.ticket);
  try {
    const result = await run();
    if (!result.errors?.length && result.data) {
      const body = `${JSON.stringify({ data: result.data })}\n`;
      // Kept as JSON.parse makes it, not as the executor did: graphql-js's null-prototype objects
      // are hash tables, about 3× the heap of the same answer parsed (see heap-size.ts).
      const kept = JSON.parse(body) as { data: Record<string, unknown> };
      if (cache.fillResponse(started.ticket, kept, body)) bodies.set(kept.data, body);
    }
    return result;
  } finally {
    tickets.delete(rc.context);
  }
}
