import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildSchema } from 'graphql';
import { createLogger } from '../log';
import { currentRequestId } from '../observability/request-id';
import { type GraphQLServerHandle, startGraphQLServer } from './graphql-server';
import { operationLimits } from './limits';

const schema = buildSchema('type Query { hello(name: String): String } type Subscription { tick: Int }');
(schema.getQueryType()!.getFields().hello as { resolve?: unknown }).resolve = (_: unknown, { name }: { name?: string }) =>
  name === 'id?' ? `request ${currentRequestId()}` : `hello ${name ?? 'world'}`;

/** A raw HTTP request (node:http, so the test controls headers such as content-length and chunking). */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer[] }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('POST /graphql without express (graphql-post.ts)', () => {
  let server: GraphQLServerHandle;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    server = await startGraphQLServer({
      name: 'test', schema, port: 0, portEnv: 'TEST_PORT', logger: createLogger('test'),
      context: async () => ({}), limits: { ...operationLimits(), maxBodyBytes: 1024 },
    });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('should answer a query, with the request id the client sent', async () => {
    const res = await request(server.url, { headers: { ...json, 'x-request-id': 'abc-1' }, body: JSON.stringify({ query: '{ hello }' }) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ data: { hello: 'hello world' } });
    expect(res.headers['x-request-id']).toBe('abc-1');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('should answer with variables, a charset and a body sent in pieces', async () => {
    const body = JSON.stringify({ query: 'query ($n: String) { hello(name: $n) }', variables: { n: 'Huế' } });
    const res = await request(server.url, { headers: { 'content-type': 'application/json; charset=utf-8' }, body: [Buffer.from(body.slice(0, 10)), Buffer.from(body.slice(10))] });
    expect(JSON.parse(res.text)).toEqual({ data: { hello: 'hello Huế' } });
  });

  it('should run the operation inside its request id (logs and subgraph fetches carry it)', async () => {
    const res = await request(server.url, { headers: { ...json, 'x-request-id': 'wall-42' }, body: JSON.stringify({ query: '{ hello(name: "id?") }' }) });
    expect(JSON.parse(res.text)).toEqual({ data: { hello: 'request wall-42' } });
  });

  it('should give a request without a usable x-request-id a new one', async () => {
    const res = await request(server.url, { headers: { ...json, 'x-request-id': 'bad id with spaces' }, body: JSON.stringify({ query: '{ hello }' }) });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should answer a body over the limit with 413 PAYLOAD_TOO_LARGE in JSON, declared or chunked', async () => {
    const big = JSON.stringify({ query: `{ hello } # ${'x'.repeat(2000)}` });
    for (const body of [big, [Buffer.from(big.slice(0, 900)), Buffer.from(big.slice(900))]]) {
      const res = await request(server.url, { headers: json, body });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toEqual({ errors: [{ message: expect.stringContaining('IOC_MAX_BODY_BYTES'), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
  });

  it('should deliver the 413 to a client that sends its whole body before reading, on a connection it closes (as express does)', async () => {
    // Answered before the body was read, the socket closed with the body still arriving: the client
    // got a reset (EPIPE/ECONNRESET) instead of the 413, most times.
    // A client in another process (in this one, the server reads while the client writes).
    const client = `
      const net = require('node:net');
      const body = Buffer.alloc(4 * 1024 * 1024, 0x20);
      const head = 'POST /graphql HTTP/1.1\\r\\nhost: x\\r\\ncontent-type: application/json\\r\\nconnection: close\\r\\ncontent-length: ' + body.length + '\\r\\n\\r\\n';
      (async () => {
        const answers = [];
        for (let i = 0; i < 5; i++) answers.push(await new Promise((resolve) => {
          const socket = net.connect(Number(process.argv[1]), '127.0.0.1', () => socket.end(Buffer.concat([Buffer.from(head), body])));
          let text = '';
          socket.on('data', (d) => (text += d));
          socket.on('error', (e) => (text += ' ' + e.code));
          socket.on('close', () => resolve(text.split('\\r\\n')[0]));
        }));
        console.log(JSON.stringify(answers));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', client, new URL(server.url).port]);
    const answers = JSON.parse(stdout) as string[];
    expect(answers).toEqual(Array(5).fill('HTTP/1.1 413 Payload Too Large'));
  });

  it('should answer malformed JSON, and JSON that is not an object, with 400 BAD_REQUEST in JSON', async () => {
    for (const body of ['{"query": ', '"{ hello }"']) {
      const res = await request(server.url, { headers: json, body });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it("should read a body with a byte order mark, or of whitespace only, as the express route does (body-parser's strict JSON)", async () => {
    // /GRAPHQL: express routes ignore case, the shortcut does not, so it is the express route for the same bytes.
    const express = server.url.replace('/graphql', '/GRAPHQL');
    for (const body of ['\uFEFF{"query":"{ hello }"}', '   ', '\n', '\u00A0', '\u00A0{"query":"{ hello }"}', '\uFEFF']) {
      const [viaShortcut, viaExpress] = await Promise.all([server.url, express].map((url) => request(url, { headers: json, body })));
      expect([JSON.stringify(body), viaShortcut.status, viaShortcut.text]).toEqual([JSON.stringify(body), viaExpress.status, viaExpress.text]);
    }
  });

  it('should answer an empty body as Apollo Server does (400, not a crash)', async () => {
    const res = await request(server.url, { headers: json, body: '' });
    expect(res.status).toBe(400);
  });

  it('should refuse a subscription over HTTP with 400 SUBSCRIPTION_OVER_HTTP', async () => {
    const res = await request(server.url, { headers: json, body: JSON.stringify({ query: 'subscription { tick }' }) });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('SUBSCRIPTION_OVER_HTTP');
  });

  it('should leave other content types and GET to the express route, unchanged', async () => {
    const get = await request(`${server.url}?query=${encodeURIComponent('{ hello }')}`, { method: 'GET', headers: { 'apollo-require-preflight': '1' } });
    expect(JSON.parse(get.text)).toEqual({ data: { hello: 'hello world' } });
    const text = await request(server.url, { headers: { 'content-type': 'text/plain' }, body: '{ hello }' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.headers['x-request-id']).toBeDefined();
  });

  it('should keep serving the other routes (/healthz)', async () => {
    const res = await request(server.url.replace('/graphql', '/healthz'), { method: 'GET' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ status: 'ok', service: 'test' });
  });
});
