import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The header that carries a request's id: from the client, to every subgraph fetch, and back. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a client may send as its request id; anything else is replaced (it ends up in logs). */
const ACCEPTED = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

const store = new AsyncLocalStorage<{ requestId: string }>();

/**
 * The id of the request being served (an AsyncLocalStorage, so it follows every await of the
 * request: resolvers, data sources, services), or `undefined` outside of one.
 */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

/** The client's `x-request-id` if it is a plain token of 1-128 characters, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && ACCEPTED.test(given) ? given : randomUUID();
}

/** Runs `fn` as part of the request `requestId` (see {@link currentRequestId}). */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

/**
 * Express middleware: takes or makes the request id, echoes it in the response's `x-request-id`
 * and runs the rest of the request inside it, so every log line of the request carries it.
 */
export function requestIdMiddleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    store.run({ requestId }, next);
  };
}

/** The headers a subgraph fetch should carry for the current request: `{ 'x-request-id': id }`, or none. */
export function requestIdHeaders(): Record<string, string> {
  const id = currentRequestId();
  return id ? { [REQUEST_ID_HEADER]: id } : {};
}
