import { buildSchema, parse, print } from 'graphql';
import { normaliseOperation, restoreAliases, restorePath } from './operation-normaliser';

const schema = buildSchema(`
  interface Reading { value: Float! period: String! }
  type EconomyReading implements Reading { value: Float! period: String! unitCode: String! }
  type Unit { code: ID! name: String! readings: [EconomyReading!] }
  type Query { unit(code: ID!): Unit latest: EconomyReading any: Reading }
`);
const normalise = (q: string, name?: string) => normaliseOperation(schema, parse(q), name);

describe('normaliseOperation', () => {
  it('should drop type conditions that always hold, so nested ones keep their fields', () => {
    const n = normalise('{ latest { ... on Reading { ... on EconomyReading { value } } } }');
    expect(print(n.document)).toBe(print(parse('{ latest { ... { ... { value } } } }')));
  });

  it('should keep a type condition on an abstract field', () => {
    const n = normalise('{ any { ... on EconomyReading { unitCode } } }');
    expect(n.changed).toBe(false);
  });

  it('should inline fragment spreads with their directives', () => {
    const n = normalise('query Q($s: Boolean!) { latest { ...R @skip(if: $s) } } fragment R on Reading { period } query Other { latest { value } }', 'Q');
    expect(print(n.document)).toBe(print(parse('query Q($s: Boolean!) { latest { ... @skip(if: $s) { period } } }')));
  });

  it('should rename every alias the same way everywhere and restore them in data and paths', () => {
    const n = normalise('{ unit(code: "19") { code: name ... on Unit { code: name } key: code readings { name: value } } }');
    expect(print(n.document)).toBe(print(parse('{ unit(code: "19") { _ioc_code: name ... { _ioc_code: name } _ioc_key: code readings { _ioc_name: value } } }')));
    expect(restoreAliases({ unit: { _ioc_code: 'Thái Nguyên', _ioc_key: '19', readings: [{ _ioc_name: 1 }, null] } }, n.aliases!))
      .toEqual({ unit: { code: 'Thái Nguyên', key: '19', readings: [{ name: 1 }, null] } });
    expect(restorePath(['unit', 'readings', 0, '_ioc_name'], n.aliases!)).toEqual(['unit', 'readings', 0, 'name']);
  });

  it('should leave an operation in normal form as it is', () => {
    const doc = parse('{ unit(code: "19") { code name readings { value } } }');
    const n = normaliseOperation(schema, doc, undefined);
    expect(n.changed).toBe(false);
    expect(n.document).toBe(doc);
  });
});
