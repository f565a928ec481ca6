import { ApolloServer } from '@apollo/server';
import { GraphQLError, buildSchema } from 'graphql';
import { createLogger } from '../log';
import { formatClientError, maskExecutionResult } from './client-errors';

const logger = createLogger('test'); // silent under jest

describe('client errors', () => {
  // Apollo's own refusals, run through a real ApolloServer: if an upgrade changes their texts or
  // status, these fail instead of the gateway answering INTERNAL_SERVER_ERROR again.
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String, boom: String }',
    resolvers: { Query: { hello: () => 'hi', boom: () => { throw new TypeError("Cannot read properties of undefined (reading 'x') at /srv/app/dist/x.js:1"); } } },
    formatError: (formatted, error) => formatClientError(formatted, error, logger) ?? formatted,
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  const run = (body: Record<string, unknown>) =>
    server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: new Map([['content-type', 'application/json']]) as never, search: '', body },
      context: async () => ({}),
    });
  const bodyOf = async (r: Awaited<ReturnType<typeof run>>) => JSON.parse(r.body.kind === 'complete' ? r.body.string : '') as { errors: { message: string; extensions: { code: string } }[] };

  it('should answer a mismatched persisted-query hash with 400 BAD_REQUEST naming extensions.persistedQuery', async () => {
    const r = await run({ query: '{ hello }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    expect(r.status).toBe(400);
    expect((await bodyOf(r)).errors[0]).toMatchObject({ message: expect.stringMatching(/persistedQuery\.sha256Hash/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('should answer an unsupported persisted-query version with 400 BAD_REQUEST', async () => {
    const r = await run({ query: '{ hello }', extensions: { persistedQuery: { version: 3, sha256Hash: 'abc' } } });
    expect(r.status).toBe(400);
    expect((await bodyOf(r)).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it("should answer a resolver's non-GraphQL exception with a fixed text, never its message", async () => {
    const r = await run({ query: '{ boom }' });
    const error = (await bodyOf(r)).errors[0];
    expect(error).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it("should answer Apollo Gateway's code-less variable refusal as BAD_USER_INPUT, not INTERNAL_SERVER_ERROR", () => {
    // What the gateway's executor returns for { a: agency(code: "X") { name } b: agency(code: $v) { name } } with $v = [].
    const error = new GraphQLError('Variable "$v0" got invalid value []; ID cannot represent value: []');
    const formatted = { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(formatClientError(formatted, error, logger)).toEqual({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } });
    const missing = new GraphQLError('Variable "$c" of required type "ID!" was not provided.');
    expect(formatClientError({ message: missing.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, missing, logger)?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("should answer a gateway executor's non-GraphQL exception (no path) with a fixed text, never its message", async () => {
    // The gateway's executor hit "Maximum call stack size exceeded" on a client's 5000-deep variables
    // (its dedupe key's JSON.stringify): Apollo wraps it in a GraphQLError without a path.
    const schema = buildSchema('type Query { hello: String }');
    let loaded: (s: { apiSchema: typeof schema; coreSupergraphSdl: string }) => void = () => {};
    const gateway = {
      load: async () => {
        loaded({ apiSchema: schema, coreSupergraphSdl: '' });
        return { executor: async () => { throw new RangeError('Maximum call stack size exceeded at /srv/app/dist/query-gateway.js:46'); } };
      },
      onSchemaLoadOrUpdate: (cb: typeof loaded) => ((loaded = cb), () => {}),
      stop: async () => {},
    };
    const viaGateway = new ApolloServer({ gateway, formatError: (formatted, error) => formatClientError(formatted, error, logger) ?? formatted });
    await viaGateway.start();
    try {
      const r = await viaGateway.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: new Map([['content-type', 'application/json']]) as never, search: '', body: { query: '{ hello }' } },
        context: async () => ({}),
      });
      expect((await bodyOf(r)).errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    } finally {
      await viaGateway.stop();
    }
  });

  it("should leave a resolver's deliberate GraphQLError as it is", () => {
    const e = new GraphQLError('The period is not ISO', { extensions: { code: 'BAD_USER_INPUT' } });
    expect(formatClientError({ message: e.message, extensions: { code: 'BAD_USER_INPUT' } }, e, logger)).toBeUndefined();
  });

  it('should mask a graphql-ws result error whose original is not a GraphQLError, and keep the others', () => {
    const leaked = new GraphQLError('connect ECONNREFUSED 10.0.0.5:5432', { path: ['a'], originalError: new Error('connect ECONNREFUSED 10.0.0.5:5432') });
    const deliberate = new GraphQLError('nope', { extensions: { code: 'FORBIDDEN' } });
    const masked = maskExecutionResult({ data: { a: null }, errors: [leaked, deliberate] }, logger);
    expect(masked.errors!.map((e) => [e.message, e.extensions?.code, e.path])).toEqual([
      ['Internal server error', 'INTERNAL_SERVER_ERROR', ['a']],
      ['nope', 'FORBIDDEN', undefined],
    ]);
  });
});
