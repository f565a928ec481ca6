import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '@ioc-graph/kit/internal';
import { composeSupergraph } from '../supergraph';
import { ANONYMOUS } from './auth';
import { type StartOutcome, SubscriptionServer, readSubscriptionLimits } from './server';
import type { Subscriber } from './topic';

const logger = { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() } as unknown as Logger;
let server: SubscriptionServer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-server-'));
  const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
  writeFileSync(
    path.join(dir, 'feed.graphql'),
    `${link} type Query { unit(code: ID!, tags: [[String]]): Unit } type Unit @key(fields: "code") { code: ID! name: String! }
     type Reading { cursor: ID! value: Float! } type Subscription { readings(after: ID, tags: [[String]]): Reading! }`,
  );
  // Port 9 (discard): nothing answers there, and nothing in these tests needs it to.
  const { supergraphSdl } = await composeSupergraph([{ name: 'feed', routingUrl: 'http://127.0.0.1:9/graphql', schema: { file: 'feed.graphql' } }], dir);
  server = new SubscriptionServer({ supergraphSdl, logger });
});

const subscriber: Subscriber = { id: '1', write: () => undefined, error: () => undefined, complete: () => undefined };
const start = (query: string, variables?: Record<string, unknown>, operationName?: string): Promise<StartOutcome> =>
  server.start({ query, variables, operationName }, ANONYMOUS, undefined, subscriber);
const nested = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;

/** The `extensions.code` of each error of a refused operation. */
async function codes(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<unknown[]> {
  const outcome = await start(query, variables, operationName);
  expect(outcome.kind).toBe('errors');
  return outcome.kind === 'errors' ? outcome.errors.map((e) => e.extensions?.code) : [];
}

describe('operation errors over graphql-ws', () => {
  it('should mark a syntax error GRAPHQL_PARSE_FAILED', async () => {
    expect(await codes('{ unit(')).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('should mark validation errors GRAPHQL_VALIDATION_FAILED, as HTTP does', async () => {
    expect(await codes('{ nope }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await codes('{ unit(code: "1") { name nope } }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('should mark a missing or unknown operation name OPERATION_RESOLUTION_FAILURE, as Apollo Server does', async () => {
    expect(await codes('query A { __typename } query B { __typename }')).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    expect(await codes('query A { __typename }', undefined, 'B')).toEqual(['OPERATION_RESOLUTION_FAILURE']);
  });

  it('should mark bad variables BAD_USER_INPUT', async () => {
    expect(await codes('query($c: ID!) { unit(code: $c) { name } }', { c: { not: 'an id' } })).toEqual(['BAD_USER_INPUT']);
    expect(await codes('query($c: ID!) { unit(code: $c) { name } }', {})).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['an undeclared variable', 'subscription { __typename @skip(if: $u) }', undefined],
    ['a declared variable', 'subscription($u: Boolean!) { readings @skip(if: $u) { value } }', { u: false }],
    ['a variable with a default', 'subscription($u: Boolean = false) { readings @include(if: $u) { value } }', undefined],
    ['a literal', 'subscription { readings @skip(if: false) { value } }', undefined],
    ['an inline fragment', 'subscription($u: Boolean!) { ... @include(if: $u) { readings { value } } }', { u: true }],
    ['a fragment spread', 'subscription($u: Boolean!) { ...F } fragment F on Subscription { readings @skip(if: $u) { value } }', { u: true }],
  ])('should refuse @skip/@include on a subscription root field (%s) as a validation error, never an internal one', async (_name, query, variables) => {
    const outcome = await start(query, variables);
    expect(outcome).toEqual({
      kind: 'errors',
      errors: [expect.objectContaining({ message: expect.stringMatching(/must not use `@skip` or `@include`/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })],
    });
  });

  it('should name the subscription that uses @skip at its root', async () => {
    const outcome = await start('subscription Feed($u: Boolean!) { readings @skip(if: $u) { value } }', { u: true });
    expect(outcome.kind === 'errors' && outcome.errors[0].message).toMatch(/^Subscription "Feed" must not/);
  });

  it('should still accept @skip below the root of a subscription', async () => {
    // Refused only because the subgraph is unreachable, not for the directive.
    const outcome = await start('subscription($u: Boolean!) { readings { value @skip(if: $u) cursor } }', { u: true });
    expect(outcome.kind).toBe('subscribed');
    outcome.cancel?.();
  });

  it.each([['query', (d: string) => `{ unit(code: "1", tags: ${d}) { name } }`], ['subscription', (d: string) => `subscription { readings(tags: ${d}) { value } }`]])(
    'should refuse a %s with a 20,000-level nested list argument cleanly',
    async (_kind, doc) => {
      const outcome = await start(doc(nested(20_000)));
      expect(outcome).toEqual({ kind: 'errors', errors: [{ message: 'The document is nested too deeply to be read', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    },
  );

  it('should refuse a nested list argument that parses but does not fit the argument as a validation error', async () => {
    expect(await codes(`{ unit(code: "1", tags: ${nested(1_000)}) { name } }`)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('should refuse deeply nested variables as BAD_USER_INPUT', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const outcome = await start('query($t: [[String]]) { unit(code: "1", tags: $t) { name } }', { t: deep });
    expect(outcome).toEqual({ kind: 'errors', errors: [expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })] });
  });

  it('should answer an unexpected failure of execution as an internal error with nothing of ours in it', async () => {
    const executor = (server as unknown as { executor: { execute: () => Promise<never> } }).executor;
    const spy = jest.spyOn(executor, 'execute').mockRejectedValue(new TypeError('e.toJSON is not a function at /srv/gateway/dist/x.js:1'));
    const outcome = await start('{ unit(code: "1") { name } }');
    expect(outcome).toEqual({ kind: 'errors', errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(JSON.stringify(outcome)).not.toMatch(/toJSON|\/srv/);
    spy.mockRestore();
  });
});

describe('readSubscriptionLimits', () => {
  it('should read the limits set in the environment and leave the others to the defaults', () => {
    expect(readSubscriptionLimits({ IOC_WS_MAX_SUBSCRIPTIONS: '500', IOC_WS_KEEPALIVE_MS: '0' })).toEqual({ maxSubscriptions: 500, keepAliveIntervalMs: 0 });
    expect(readSubscriptionLimits({})).toEqual({});
  });

  it('should refuse a bad value, naming the variable', () => {
    expect(() => readSubscriptionLimits({ IOC_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '1.5', IOC_WS_INIT_TIMEOUT_MS: 'soon' })).toThrow(
      /IOC_WS_MAX_SUBSCRIPTIONS_PER_SOCKET must be a whole number/,
    );
    expect(() => readSubscriptionLimits({ IOC_WS_INIT_TIMEOUT_MS: 'soon' })).toThrow(/IOC_WS_INIT_TIMEOUT_MS must be a whole number ≥ 0, got "soon"/);
  });
});
