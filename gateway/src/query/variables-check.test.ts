import { GraphQLScalarType, type GraphQLSchema, type VariableDefinitionNode, buildSchema, getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { seededRandom as random } from '@ioc-graph/kit/internal';
import { VariablesCheck } from './variables-check';
import { filter, mutate, observation, pick, range } from '../../../test/support/variables-fuzz';

const sdl = `
  scalar Day
  enum Status { A P X }
  input ObservationInput { indicatorCode: ID! unitCode: ID! period: String! value: Float! status: Status source: String }
  input Range { from: Int! to: Int = 10 days: [Day!] flags: [[Boolean]!] }
  input Filter { codes: [ID!]! range: Range status: [Status] note: String = "none" limit: Int! = 5 }
  input Pick @oneOf { code: ID name: String }
  input Tree { name: String! children: [Tree!] }
  input Options { note: String limit: Int }
  type Query { ok: Boolean }
`;

function makeSchema(): GraphQLSchema {
  const schema = buildSchema(sdl);
  // A custom scalar that rejects some values by throwing and others by answering undefined.
  const day = schema.getType('Day') as GraphQLScalarType;
  day.parseValue = (v: unknown) => {
    if (typeof v !== 'string') throw new TypeError('Day must be a string');
    if (v === 'never') return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new TypeError(`not a day: ${v}`);
    return v;
  };
  return schema;
}

function definitions(schema: GraphQLSchema, query: string): readonly VariableDefinitionNode[] {
  void schema;
  return (parse(query).definitions[0] as OperationDefinitionNode).variableDefinitions ?? [];
}

const cases: { query: string; valid: (r: () => number) => Record<string, unknown> }[] = [
  { query: 'mutation ($input: [ObservationInput!]!) { ok }', valid: (r) => ({ input: Array.from({ length: 1 + Math.floor(r() * 4) }, () => observation(r)) }) },
  { query: 'query ($f: Filter!, $n: Int, $s: Status = A, $d: Day) { ok }', valid: (r) => ({ f: filter(r), ...(r() < 0.5 ? { n: 3 } : {}), ...(r() < 0.5 ? { d: '2024-01-01' } : {}) }) },
  { query: 'query ($ids: [[ID!]], $r: [Range!], $b: Boolean!) { ok }', valid: (r) => ({ ids: pick(r, [[['1', 2]], null, [[]], 'x']), r: [range(r)], b: false }) },
  { query: 'query ($p: Pick!) { ok }', valid: (r) => ({ p: pick(r, [{ code: '1' }, { name: 'n' }]) }) },
  { query: 'query ($t: Tree) { ok }', valid: () => ({ t: { name: 'a', children: [{ name: 'b' }] } }) },
];

describe('VariablesCheck', () => {
  it('should never accept variables that graphql-js rejects, over many generated valid and invalid values', () => {
    const schema = makeSchema();
    const check = new VariablesCheck();
    let accepted = 0;
    let rejectedByGraphqlJs = 0;
    for (const { query, valid } of cases) {
      const defs = definitions(schema, query);
      for (let seed = 1; seed <= 1500; seed++) {
        const r = random(seed);
        let variables: Record<string, unknown> = valid(r);
        for (let m = Math.floor(r() * 3); m > 0; m--) variables = mutate(r, variables) as Record<string, unknown>;
        const errors = getVariableValues(schema, defs, variables).errors;
        const ok = check.accepts(schema, defs, variables);
        if (errors) rejectedByGraphqlJs++;
        if (ok) accepted++;
        if (ok && errors) throw new Error(`${query} seed ${seed}: compiled check accepted ${JSON.stringify(variables)}, graphql-js: ${errors[0].message}`);
      }
    }
    // Both kinds were really generated, and the compiled path is really taken.
    expect(rejectedByGraphqlJs).toBeGreaterThan(2000);
    expect(accepted).toBeGreaterThan(1000);
  });

  it('should leave the first request with new declarations to graphql-js and accept a batch of 1,000 valid observations from the second on', () => {
    const schema = makeSchema();
    const r = random(7);
    const input = Array.from({ length: 1000 }, () => observation(r));
    const defs = definitions(schema, 'mutation ($input: [ObservationInput!]!) { ok }');
    expect(getVariableValues(schema, defs, { input }).errors).toBeUndefined();
    const check = new VariablesCheck();
    expect(check.accepts(schema, defs, { input })).toBe(false);
    expect(check.accepts(schema, defs, { input })).toBe(true);
    expect(check.accepts(schema, defs, { input: input.slice(0, 3) })).toBe(true);
  });

  it.each([
    ['a null in a non-null list', { input: [{ indicatorCode: 'A', unitCode: 'B', period: 'P', value: 1 }, null] }],
    ['a missing field', { input: [{ indicatorCode: 'A', unitCode: 'B', value: 1 }] }],
    ['an extra field', { input: [{ indicatorCode: 'A', unitCode: 'B', period: 'P', value: 1, note: 'x' }] }],
    ['a string for a Float', { input: [{ indicatorCode: 'A', unitCode: 'B', period: 'P', value: '1,5' }] }],
    ['an unknown enum value', { input: [{ indicatorCode: 'A', unitCode: 'B', period: 'P', value: 1, status: 'Q' }] }],
    ['a float for an ID', { input: [{ indicatorCode: 1.5, unitCode: 'B', period: 'P', value: 1 }] }],
    ['no variable at all', {}],
  ])('should leave %s to graphql-js', (_name, variables) => {
    const schema = makeSchema();
    const defs = definitions(schema, 'mutation ($input: [ObservationInput!]!) { ok }');
    expect(getVariableValues(schema, defs, variables).errors).toBeDefined();
    const check = new VariablesCheck();
    const good = { input: [observation(random(1))] };
    check.accepts(schema, defs, good);
    expect(check.accepts(schema, defs, good)).toBe(true); // compiled
    expect(check.accepts(schema, defs, variables)).toBe(false);
  });

  it('should leave @oneOf and recursive input types to graphql-js', () => {
    const schema = makeSchema();
    const check = new VariablesCheck();
    for (let i = 0; i < 3; i++) {
      expect(check.accepts(schema, definitions(schema, 'query ($p: Pick!) { ok }'), { p: { code: '1' } })).toBe(false);
      expect(check.accepts(schema, definitions(schema, 'query ($t: Tree) { ok }'), { t: { name: 'a' } })).toBe(false);
    }
  });

  it('should never accept an array for an input object whose fields are all optional (graphql-jit takes [] for an object)', () => {
    const schema = makeSchema();
    const defs = definitions(schema, 'query ($o: Options, $os: [Options!]) { ok }');
    const check = new VariablesCheck();
    for (const variables of [{ o: [] }, { os: [[]] }, { o: [{}] }, { o: { note: 'x' } }]) {
      const graphqlJs = !getVariableValues(schema, defs, variables).errors;
      for (let i = 0; i < 3; i++) {
        if (check.accepts(schema, defs, variables)) expect(graphqlJs).toBe(true);
      }
    }
    expect(getVariableValues(schema, defs, { o: [] }).errors).toBeDefined();
  });

  it('should leave operations with very many variables or input fields to graphql-js (bounded generated code)', () => {
    const schema = makeSchema();
    const check = new VariablesCheck();
    const many = `query (${Array.from({ length: 70 }, (_, i) => `$v${i}: Int`).join(', ')}) { ok }`;
    const wide = `query (${Array.from({ length: 11 }, (_, i) => `$f${i}: Filter`).join(', ')}) { ok }`;
    for (let i = 0; i < 3; i++) {
      expect(check.accepts(schema, definitions(schema, many), {})).toBe(false);
      expect(check.accepts(schema, definitions(schema, wide), {})).toBe(false);
    }
  });

  it('should never accept an absent variable named after an Object.prototype member (constructor, __proto__, toString…) that graphql-js says was not provided', () => {
    // The gateway's custom scalars (built from SDL) accept any value, as does an input object whose
    // fields are all optional: graphql-jit reads `input.constructor` (Object) or `input.__proto__`.
    const schema = buildSchema('scalar JSON input Opt { a: Int b: String } type Query { ok(j: JSON, o: Opt): Boolean }');
    const check = new VariablesCheck();
    const cases: [string, Record<string, unknown>][] = [
      ['query ($constructor: JSON!) { ok(j: $constructor) }', {}],
      ['query ($toString: JSON!) { ok(j: $toString) }', {}],
      ['query ($valueOf: [JSON!]!) { ok(j: $valueOf) }', {}],
      ['query ($__proto__: JSON!) { ok(j: $__proto__) }', {}],
      ['query ($__proto__: Opt!) { ok(o: $__proto__) }', {}],
      ['query ($hasOwnProperty: JSON!) { ok(j: $hasOwnProperty) }', JSON.parse('{"__proto__": {"hasOwnProperty": 1}}')],
    ];
    for (const [query, variables] of cases) {
      const defs = definitions(schema, query);
      expect(getVariableValues(schema, defs, variables).errors?.[0]?.message).toMatch(/was not provided/);
      for (let i = 0; i < 3; i++) expect(check.accepts(schema, defs, variables)).toBe(false);
    }
  });

  it('should leave unknown and output types to graphql-js', () => {
    const schema = makeSchema();
    const check = new VariablesCheck();
    for (let i = 0; i < 3; i++) {
      expect(check.accepts(schema, definitions(schema, 'query ($x: Nope) { ok }'), { x: 1 })).toBe(false);
      expect(check.accepts(schema, definitions(schema, 'query ($x: Query) { ok }'), { x: {} })).toBe(false);
    }
  });

  it('should keep at most maxOperations compiled checks and drop them all on a schema change', () => {
    const schema = makeSchema();
    const check = new VariablesCheck({ maxOperations: 3 });
    for (let i = 0; i < 10; i++) check.accepts(schema, definitions(schema, `query ($v${i}: Int) { ok }`), { [`v${i}`]: i });
    expect(check.size).toBe(3);
    const next = makeSchema();
    const defs = definitions(next, 'query ($n: Int) { ok }');
    expect(check.accepts(next, defs, { n: 1 })).toBe(false);
    expect(check.size).toBe(1);
    expect(check.accepts(next, defs, { n: 1 })).toBe(true);
    expect(check.accepts(schema, defs, { n: 1 })).toBe(false); // the old schema again: compiled afresh
    expect(check.size).toBe(1);
  });

  it('should compile at most the per-minute budget of checks for callers without a credential, and the wall\'s few within it', () => {
    const schema = makeSchema();
    let now = 0;
    const check = new VariablesCheck({ anonymousCompilesPerMinute: 3, now: () => now });
    const anonymous = { anonymous: true };
    // A stranger sends 50 new declaration lists, each twice: only 3 are compiled this minute.
    for (let i = 0; i < 50; i++) {
      const defs = definitions(schema, `query ($v${i}: Int, $f: Filter) { ok }`);
      check.accepts(schema, defs, { [`v${i}`]: i }, anonymous);
      check.accepts(schema, defs, { [`v${i}`]: i }, anonymous);
    }
    expect(check.anonymousCompiles).toBe(3);
    // Beyond the budget the verdict is graphql-js's: not accepted here, and nothing compiled.
    const wall = definitions(schema, 'query ($code: ID!) { ok }');
    expect(check.accepts(schema, wall, { code: '19' }, anonymous)).toBe(false);
    expect(check.accepts(schema, wall, { code: '19' }, anonymous)).toBe(false);
    expect(check.anonymousCompiles).toBe(3);
    // The next minute the wall's declarations are compiled, once, and stay.
    now += 60_000;
    expect(check.accepts(schema, wall, { code: '19' }, anonymous)).toBe(true);
    for (let i = 0; i < 10; i++) expect(check.accepts(schema, wall, { code: String(i) }, anonymous)).toBe(true);
    expect(check.anonymousCompiles).toBe(4);
    // An authenticated caller is not budgeted.
    for (let i = 0; i < 10; i++) {
      const defs = definitions(schema, `query ($a${i}: Int) { ok }`);
      check.accepts(schema, defs, { [`a${i}`]: i });
      expect(check.accepts(schema, defs, { [`a${i}`]: i })).toBe(true);
    }
  });

  it('should keep an authenticated caller\'s compiled check when strangers send many new declarations', () => {
    const schema = makeSchema();
    const check = new VariablesCheck({ maxOperations: 10 });
    const input = [observation(random(3))];
    const ingest = definitions(schema, 'mutation ($input: [ObservationInput!]!) { ok }');
    check.accepts(schema, ingest, { input });
    expect(check.accepts(schema, ingest, { input })).toBe(true);
    for (let i = 0; i < 500; i++) check.accepts(schema, definitions(schema, `query ($s${i}: Int) { ok }`), { [`s${i}`]: i }, { anonymous: true });
    // Still compiled: evicted, it would be "seen once" again and left to graphql-js.
    expect(check.accepts(schema, ingest, { input })).toBe(true);
    // An anonymous caller uses the official's compiled check without spending its budget.
    expect(check.accepts(schema, ingest, { input }, { anonymous: true })).toBe(true);
    expect(check.anonymousCompiles).toBe(0);
  });
});
