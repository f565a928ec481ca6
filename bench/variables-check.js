// What compiling the gateway's variables check costs (graphql-jit, gateway/src/query/variables-check.ts)
// against graphql-js's walk of the same variables: the compile budget for callers without a
// credential (anonymousCompilesPerMinute) is sized by it. In-process, no system started.
const path = require('node:path');
const { ROOT, table, machine, writeResults } = require('./common');
const { buildSchema, parse, getVariableValues } = require(require.resolve('graphql', { paths: [path.join(ROOT, 'gateway')] }));
const { VariablesCheck } = require(path.join(ROOT, 'gateway/dist/query/variables-check'));

const schema = buildSchema(`
  enum Status { ACTUAL PROVISIONAL ESTIMATE }
  input ObservationInput { indicatorCode: ID! unitCode: ID! period: String! value: Float! status: Status source: String }
  type Query { ok: Boolean }
`);
const N = Number(process.env.N ?? 300);
// The wall's three declaration lists (web/src/wall/api.ts) and the ingestion mutation's.
const kinds = [
  ['wall: ($code: ID!)', (i) => `query Q${i}($code${i}: ID!) { ok }`, (i) => ({ [`code${i}`]: '19' })],
  ['wall: ($codes: [ID!], $unit: ID!, $year: Int!)', (i) => `query Q${i}($codes${i}: [ID!], $unit: ID!, $year: Int!) { ok }`, (i) => ({ [`codes${i}`]: ['A', 'B'], unit: '19', year: 2024 })],
  ['ingestion: ($input: [ObservationInput!]!), 1 row', (i) => `mutation M${i}($input${i}: [ObservationInput!]!) { ok }`, (i) => ({ [`input${i}`]: [{ indicatorCode: 'GOV', unitCode: '19', period: '2024-01', value: 1 }] })],
];

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const rows = [];
const json = { machine: machine(), date: new Date().toISOString(), n: N, rows: [] };
for (const [name, doc, vars] of kinds) {
  const defs = Array.from({ length: N }, (_, i) => parse(doc(i)).definitions[0].variableDefinitions);
  const values = Array.from({ length: N }, (_, i) => vars(i));
  const check = new VariablesCheck({ maxOperations: N * 2 });
  for (let i = 0; i < N; i++) check.accepts(schema, defs[i], values[i]); // first sighting: not compiled
  let t0 = process.hrtime.bigint();
  check.accepts(schema, defs[0], values[0]); // second: compiles (the first of its kind: graphql-jit's own code still cold)
  const first = ms(t0);
  t0 = process.hrtime.bigint();
  for (let i = 1; i < N; i++) check.accepts(schema, defs[i], values[i]);
  const compile = ms(t0) / (N - 1);
  t0 = process.hrtime.bigint();
  for (let r = 0; r < 10; r++) for (let i = 0; i < N; i++) check.accepts(schema, defs[i], values[i]); // compiled
  const compiled = ms(t0) / N / 10;
  t0 = process.hrtime.bigint();
  for (let r = 0; r < 10; r++) for (let i = 0; i < N; i++) getVariableValues(schema, defs[i], values[i]);
  const graphqlJs = ms(t0) / N / 10;
  rows.push([name, first.toFixed(2), compile.toFixed(3), compiled.toFixed(4), graphqlJs.toFixed(4), (compile / graphqlJs).toFixed(1)]);
  json.rows.push({ declarations: name, firstCompileMs: first, compileMs: compile, compiledCheckMs: compiled, graphqlJsMs: graphqlJs });
}
const md = table(['declarations', 'first compile (ms)', 'compile, warm (ms)', 'compiled check (ms)', 'graphql-js (ms)', 'compile / graphql-js'], rows);
console.log(md);
writeResults('variables-check', `# Variables check: compile cost\n\n${json.machine}, ${json.date}, ${N} distinct declaration lists per kind, unpinned.\n\n${md}\n`, json);
