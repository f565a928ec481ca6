import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { ConfigError } from '../config';
import { limitRules, parseAndValidate, readOperationLimits } from './limits';

const schema = buildSchema(`type Query { items: [Item!]! item: Item }  type Item { id: ID! items: [Item!]! item: Item }`);

describe('operation limits', () => {
  it('should read the documented defaults from an empty environment', () => {
    expect(readOperationLimits({})).toEqual({
      maxDepth: 10, maxAliases: 100, maxDirectives: 50, maxTokens: 5000, maxCost: 25_000, listSize: 10,
      maxBodyBytes: 4 * 1024 * 1024, maxUnfinishedBodiesPerAddress: 16, introspection: true, stackTraces: false,
    });
  });

  it('should fail fast naming every bad variable', () => {
    expect(() => readOperationLimits({ IOC_MAX_DEPTH: '0', IOC_MAX_COST: 'lots', IOC_INTROSPECTION: 'maybe' })).toThrow(ConfigError);
    try {
      readOperationLimits({ IOC_MAX_DEPTH: '0', IOC_MAX_COST: 'lots', IOC_INTROSPECTION: 'maybe' });
    } catch (err) {
      expect((err as Error).message).toMatch(/IOC_MAX_DEPTH must be a whole number/);
      expect((err as Error).message).toMatch(/IOC_MAX_COST must be a whole number/);
      expect((err as Error).message).toMatch(/IOC_INTROSPECTION must be true or false/);
    }
  });

  it('should show stack traces only with NODE_ENV=development', () => {
    for (const env of [undefined, '', 'production', 'test', 'staging']) expect(readOperationLimits({ NODE_ENV: env }).stackTraces).toBe(false);
    expect(readOperationLimits({ NODE_ENV: 'development' }).stackTraces).toBe(true);
  });

  it('should price lists by their fan-out, so nested lists cost more than the same fields side by side', () => {
    const limits = { ...readOperationLimits({}), maxCost: 1500 };
    const errors = (q: string) => validate(schema, parse(q), [...specifiedRules, ...limitRules(limits)]);
    expect(errors('{ items { items { items { id } } } }')).toHaveLength(1); // 10 + 100 + 1000 + 1000
    expect(errors('{ items { id } item { item { item { id } } } }')).toHaveLength(0);
    expect(errors('{ items { ...F } } fragment F on Item { items { items { id } } }')[0].extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost' });
  });

  it('should refuse a fragment fan-out of __typename at once (738 bytes took the gateway to 4 GB and an OOM exit)', () => {
    const limits = readOperationLimits({});
    const frags = Array.from({ length: 8 }, (_, i) => `fragment F${i} on Query { ${`...F${i + 1} `.repeat(10)}}`).join(' ');
    const bomb = `{ ...F0 } ${frags} fragment F8 on Query { __typename }`; // 10^8 __typename after expansion
    // No stopwatch (a loaded machine would flake it): expanded, the bomb never returns (4 GB, then
    // an OOM exit), so the test's own timeout is the bound.
    const errors = validate(schema, parse(bomb), [...specifiedRules, ...limitRules(limits)]);
    expect(errors[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost' });
  });

  it('should stop parsing at the token limit and hide suggestions when introspection is off', () => {
    const off = { ...readOperationLimits({ IOC_INTROSPECTION: 'false' }), maxTokens: 10 };
    expect(parseAndValidate(schema, `{ ${'item { id } '.repeat(10)}}`, off).errors?.[0].extensions).toMatchObject({ limit: 'tokens' });
    const hidden = parseAndValidate(schema, '{ iten { id } }', { ...off, maxTokens: 100 }).errors!;
    expect(hidden[0].message).toBe('Cannot query field "iten" on type "Query".');
    expect(parseAndValidate(schema, '{ __schema { types { name } } }', { ...off, maxTokens: 100 }).errors?.[0].message).toMatch(/introspection/i);
  });
});
