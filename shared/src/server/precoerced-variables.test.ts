import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLScalarType, Kind, buildSchema } from 'graphql';
import gql from 'graphql-tag';
import { type PrecoercedVariablesStats, precoercedVariablesPlugin } from './precoerced-variables';
import { seededRandom as random } from '../random';
import { filter, mutate, observation, pick, range } from '../../../test/support/variables-fuzz';

const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  scalar Day
  enum Status { A P X }
  input ObservationInput { indicatorCode: ID! unitCode: ID! period: String! value: Float! status: Status source: String }
  input Range { from: Int! to: Int = 10 days: [Day!] flags: [[Boolean]!] }
  input Filter { codes: [ID!]! range: Range status: [Status] note: String = "none" limit: Int! = 5 }
  input Loose { a: String b: Int }
  input Tree { name: String! children: [Tree!] }
  type Thing @key(fields: "id") { id: ID! }
  type Query {
    filter(f: Filter!, n: Int, s: Status, d: Day): String
    ranges(r: [Range!], b: Boolean!): String
    rows(rows: [ObservationInput!]!): String
    loose(l: Loose): String
    tree(t: Tree): String
  }
  type Mutation { report(input: [ObservationInput!]!): String }
`;

/** Every resolver answers the arguments it received, so an answer shows the coerced values. */
const echo = (_: unknown, args: unknown) => JSON.stringify(args);

function server(plugins: ConstructorParameters<typeof ApolloServer>[0]['plugins'] = []): ApolloServer {
  const schema = buildSubgraphSchema([{
    typeDefs,
    resolvers: {
      // Internal enum values differ from their names: the values must be the internal ones.
      Status: { A: 'active', P: 'provisional', X: 'excluded' },
      Day: new GraphQLScalarType({
        name: 'Day',
        parseValue: (v: unknown) => {
          if (typeof v !== 'string') throw new TypeError('Day must be a string');
          if (v === 'never') return undefined;
          if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new TypeError(`not a day: ${v}`);
          return `day:${v}`;
        },
        parseLiteral: (ast) => (ast.kind === Kind.STRING ? `day:${ast.value}` : undefined),
      }),
      Query: { filter: echo, ranges: echo, rows: echo, loose: echo, tree: echo },
      Mutation: { report: echo },
    } as never,
  }]);
  return new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled(), ...(plugins ?? [])], includeStacktraceInErrorResponses: false });
}

const cases: { query: string; valid: (r: () => number) => Record<string, unknown> }[] = [
  { query: 'mutation ($input: [ObservationInput!]!) { report(input: $input) }', valid: (r) => ({ input: Array.from({ length: 1 + Math.floor(r() * 4) }, () => observation(r)) }) },
  { query: 'query ($f: Filter!, $n: Int, $s: Status = A, $d: Day) { filter(f: $f, n: $n, s: $s, d: $d) }', valid: (r) => ({ f: filter(r), ...(r() < 0.5 ? { n: 3 } : {}), ...(r() < 0.5 ? { d: '2024-01-01' } : {}) }) },
  { query: 'query ($r: [Range!], $b: Boolean!) { ranges(r: $r, b: $b) }', valid: (r) => ({ r: pick(r, [[range(r)], range(r), null]), b: false }) },
  { query: 'query ($row: ObservationInput!, $more: [ObservationInput!]) { rows(rows: [$row]) other: rows(rows: $more) }', valid: (r) => ({ row: observation(r), more: [observation(r)] }) },
  { query: 'query ($l: Loose) { loose(l: $l) }', valid: (r) => ({ l: pick(r, [{ a: 'x' }, {}, [], null]) }) },
  { query: 'query ($t: Tree) { tree(t: $t) }', valid: () => ({ t: { name: 'a', children: [{ name: 'b' }] } }) },
];

describe('precoercedVariablesPlugin', () => {
  it('should answer exactly as graphql-js does (data, errors, status), over many generated valid and invalid variables', async () => {
    const stats: PrecoercedVariablesStats = { compiled: 0, graphqlJs: 0 };
    const plain = server();
    const fast = server([precoercedVariablesPlugin({ stats })]);
    await Promise.all([plain.start(), fast.start()]);
    try {
      let failed = 0;
      for (const { query, valid } of cases) {
        for (let seed = 1; seed <= 250; seed++) {
          const r = random(seed);
          let variables: Record<string, unknown> = valid(r);
          for (let m = Math.floor(r() * 3); m > 0; m--) variables = mutate(r, variables) as Record<string, unknown>;
          const [a, b] = await Promise.all([plain.executeOperation({ query, variables }), fast.executeOperation({ query, variables })]);
          const expected = JSON.stringify({ status: a.http.status, body: a.body });
          const actual = JSON.stringify({ status: b.http.status, body: b.body });
          if (actual !== expected) throw new Error(`${query} seed ${seed} ${JSON.stringify(variables)}:\n graphql-js ${expected}\n compiled  ${actual}`);
          if (a.body.kind === 'single' && a.body.singleResult.errors) failed++;
        }
      }
      // Both kinds were really generated, and the compiled path was really taken.
      expect(failed).toBeGreaterThan(100);
      expect(stats.compiled).toBeGreaterThan(300);
      expect(stats.graphqlJs).toBeGreaterThan(100);
    } finally {
      await Promise.all([plain.stop(), fast.stop()]);
    }
  });

  it('should answer a bad row in a large batch with graphql-js\'s own error, once the operation is compiled', async () => {
    const stats: PrecoercedVariablesStats = { compiled: 0, graphqlJs: 0 };
    const plain = server();
    const fast = server([precoercedVariablesPlugin({ stats })]);
    await Promise.all([plain.start(), fast.start()]);
    try {
      const query = 'mutation ($input: [ObservationInput!]!) { report(input: $input) }';
      const rows = Array.from({ length: 500 }, (_, i) => ({ indicatorCode: 'GOV_X', unitCode: String(i), period: '2024-01', value: i }));
      for (let i = 0; i < 2; i++) await fast.executeOperation({ query, variables: { input: rows } }); // compiled from the second
      expect(stats.compiled).toBe(1);
      const bad = rows.map((row, i) => (i === 321 ? { ...row, value: 'ten' } : row));
      const [a, b] = await Promise.all([plain.executeOperation({ query, variables: { input: bad } }), fast.executeOperation({ query, variables: { input: bad } })]);
      expect(b.http.status).toBe(a.http.status);
      expect(b.body).toEqual(a.body);
      expect(JSON.stringify(b.body)).toContain('Float cannot represent non numeric value: \\"ten\\"');
      expect(stats.graphqlJs).toBe(2); // the first sight, and the refused batch
    } finally {
      await Promise.all([plain.stop(), fast.stop()]);
    }
  });

  it("should compile nothing for callers who may not (strangers), and let them use what was compiled for others", async () => {
    const stats: PrecoercedVariablesStats = { compiled: 0, graphqlJs: 0 };
    const fast = server([precoercedVariablesPlugin({ stats, mayCompile: (context) => !!(context as { official?: boolean }).official })]);
    await fast.start();
    try {
      const query = 'mutation ($input: [ObservationInput!]!) { report(input: $input) }';
      const variables = { input: [{ indicatorCode: 'GOV_X', unitCode: '1', period: '2024-01', value: 1 }] };
      for (let i = 0; i < 3; i++) await fast.executeOperation({ query, variables }, { contextValue: { official: false } });
      expect(stats).toEqual({ compiled: 0, graphqlJs: 3 }); // a stranger's declarations, however often: graphql-js
      for (let i = 0; i < 2; i++) await fast.executeOperation({ query, variables }, { contextValue: { official: true } });
      expect(stats.compiled).toBe(1); // an official's: compiled at the second
      await fast.executeOperation({ query, variables }, { contextValue: { official: false } });
      expect(stats.compiled).toBe(2); // and used for the stranger too
    } finally {
      await fast.stop();
    }
  });

  it('should leave schemas without a pass-through _Any scalar to graphql-js', async () => {
    const stats: PrecoercedVariablesStats = { compiled: 0, graphqlJs: 0 };
    const schema = buildSchema('input I { a: String! } type Query { q(i: [I!]!): String }');
    (schema.getQueryType()!.getFields().q as { resolve?: unknown }).resolve = echo;
    const fast = new ApolloServer({ schema, plugins: [precoercedVariablesPlugin({ stats })] });
    await fast.start();
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fast.executeOperation({ query: 'query ($i: [I!]!) { q(i: $i) }', variables: { i: [{ a: 'x' }] } });
        expect(res.body).toMatchObject({ singleResult: { data: { q: '{"i":[{"a":"x"}]}' } } });
      }
      expect(stats).toEqual({ compiled: 0, graphqlJs: 0 });
    } finally {
      await fast.stop();
    }
  });
});
