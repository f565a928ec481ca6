import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { type OperationDefinitionNode, parse } from 'graphql';
import { variablesKey } from '../query/query-gateway';
import { QueryCache } from './query-cache';
import { answerThroughCache } from './response-cache';

/** `{"a":{"a":…1…}}`, `depth` levels deep: JSON.parse reads it, JSON.stringify overflows the stack. */
const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as Record<string, unknown>;

describe('whole-answer cache and inbound dedupe keys', () => {
  it("should run a query whose client variables are too deep to serialise, not fail it (a 500 of the gateway's executor)", async () => {
    const cache = new QueryCache();
    const rc = { operation: { operation: 'query' }, context: {}, request: { variables: { v: nested(20_000) } }, queryHash: 'h' } as unknown as GatewayGraphQLRequestContext;
    await expect(answerThroughCache(cache, rc, async () => ({ data: { ok: true } }))).resolves.toEqual({ data: { ok: true } });
  });

  it('should give no key for variables that cannot be serialised, and the JSON text for the others', () => {
    expect(variablesKey(nested(20_000))).toBeUndefined();
    expect(variablesKey({ a: [1] })).toBe('{"a":[1]}');
    expect(variablesKey(undefined)).toBe('{}');
  });

  it('should key only the variables the operation declares, keeping an explicit null apart from an absent one', () => {
    const op = parse('query ($unit: ID!, $year: Int) { a }').definitions[0] as OperationDefinitionNode;
    expect(variablesKey({ unit: '19', junk: 1 }, op)).toBe(variablesKey({ unit: '19', junk: 2 }, op));
    expect(variablesKey({ unit: '19' }, op)).toBe('{"unit":"19"}');
    expect(variablesKey({ unit: '19', year: null }, op)).toBe('{"unit":"19","year":null}');
    expect(variablesKey({ unit: '19' }, op)).not.toBe(variablesKey({ unit: '52' }, op));
  });
});
