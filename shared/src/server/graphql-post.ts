import type http from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestId } from '../observability/request-id';

/** Handles the request and returns true, or returns false and leaves it untouched. */
export type RequestShortcut = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export interface GraphQLPostOptions<TContext> {
  /** The GraphQL path. @default '/graphql' */
  path?: string;
  /** Largest body, in bytes; above it HTTP 413 with `PAYLOAD_TOO_LARGE`, as express.json's limit. */
  maxBodyBytes: number;
  context: (req: http.IncomingMessage) => Promise<TContext>;
}

/** `application/json`, optionally with `charset=utf-8`: what the shortcut reads itself. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * `POST /graphql` with a plain JSON body, from node:http straight to Apollo Server's
 * `executeHTTPGraphQLRequest`, the body read once. Own code rather than express: on a federated
 * query express 5's router and body-parser cost more CPU than the query plan's execution
 * (bench/results/federation-profile.md). It answers what the express route answers — the request
 * id (`x-request-id`), the body limit (413 `PAYLOAD_TOO_LARGE`), malformed JSON (400
 * `BAD_REQUEST`), and everything Apollo Server decides (content type, CSRF, operation errors) —
 * and leaves every other request (other methods, paths, content types, charsets, compressed bodies)
 * to express, unchanged. Unlike express it sends no `ETag` (a POST answer is never revalidated) and
 * no `X-Powered-By`.
 */
export function graphqlPost<TContext extends object>(apollo: ApolloServer<TContext>, options: GraphQLPostOptions<TContext>): RequestShortcut {
  const path = options.path ?? '/graphql';
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== path) return false;
    const type = req.headers['content-type'];
    if (!type || !PLAIN_JSON.test(type)) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding.toLowerCase() !== 'identity') return false;
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    readAndExecute(apollo, options, req, res, url, q, requestId);
    return true;
  };
}

function readAndExecute<TContext extends object>(
  apollo: ApolloServer<TContext>,
  options: GraphQLPostOptions<TContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: string,
  q: number,
  requestId: string,
): void {
  const tooLarge = () => {
    // The rest is discarded, and the 413 sent once it is read (as body-parser does): answered earlier,
    // a `connection: close` socket was closed with the body still arriving, and the client got a
    // reset instead of the 413. A keep-alive socket stays usable.
    req.once('end', () => sendJson(res, 413, errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than ${options.maxBodyBytes} bytes (IOC_MAX_BODY_BYTES)`)));
    req.resume();
  };
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > options.maxBodyBytes) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > options.maxBodyBytes) {
      refused = true;
      req.off('data', onData);
      return tooLarge();
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('error', () => res.destroy());
  req.once('end', () => {
    if (refused) return;
    if (declared !== null && size !== declared) return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request could not be read'));
    const decoded = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
    // As body-parser (iconv-lite drops a leading byte order mark) and its strict JSON: empty is {},
    // anything but an object or array after JSON's own whitespace (not \u00A0…) is malformed.
    const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    let body: unknown = {};
    if (text !== '') {
      const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
      try {
        if (first !== '{' && first !== '[') throw new SyntaxError('not an object');
        body = JSON.parse(text);
      } catch {
        return sendJson(res, 400, errorBody('BAD_REQUEST', 'The request body is not valid JSON'));
      }
    }
    // Events of the request stream run outside any async context: the request id's starts here.
    runWithRequestId(requestId, () => execute(apollo, options, req, res, body, q < 0 ? '' : url.slice(q))).catch(() => {
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else res.destroy();
    });
  });
}

async function execute<TContext extends object>(
  apollo: ApolloServer<TContext>,
  options: GraphQLPostOptions<TContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: unknown,
  search: string,
): Promise<void> {
  // As @as-integrations/express5: the same request for Apollo Server, the same answer written back.
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search, body },
    context: () => options.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status || 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
