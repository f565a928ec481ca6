import { type GraphQLSchema, type OperationDefinitionNode, buildClientSchema, getIntrospectionQuery, getVariableValues, parse } from 'graphql';
import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';

const REPORT = `mutation ($input: [ObservationInput!]!) {
  reportGovernanceObservations(input: $input) { imported updated unchanged rejected }
}`;

const UNITS = ['01', '04', '08', '11', '12'];
/** Row i: a distinct (unit, month) from 2010-01 on, within the units' validity and in the past. */
const row = (i: number) => {
  const m = Math.floor(i / UNITS.length);
  return { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: UNITS[i % UNITS.length], period: `${2010 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`, value: 1 + (i % 50) };
};
type Counts = { imported: number; updated: number; unchanged: number; rejected: number };

/** Variables the gateway's compiled check must leave to graphql-js, each with its own answer. */
const bad: [string, Record<string, unknown>][] = [
  ['a string for a Float deep in a batch', { input: [...Array.from({ length: 499 }, (_, i) => row(i)), { ...row(499), value: '1,5' }] }],
  ['a null row in a non-null list', { input: [row(0), null] }],
  ['a missing required field', { input: [{ indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '79', value: 1 }] }],
  ['a field the input type does not define', { input: [{ ...row(0), note: 'x' }] }],
  ['an unknown status', { input: [{ ...row(0), status: 'Q' }] }],
  ['a float for an ID', { input: [{ ...row(0), unitCode: 79.5 }] }],
  ['a number for a String', { input: [{ ...row(0), period: 202401 }] }],
  ['an object for the list', { input: { nope: true } }],
  ['no variable at all', {}],
];

describe('variables through the gateway (compiled check in front of graphql-js)', () => {
  let system: TestSystem;
  let admin: Record<string, string>;
  let api: GraphQLSchema;
  const definitions = (parse(REPORT).definitions[0] as OperationDefinitionNode).variableDefinitions!;

  const post = async (variables: Record<string, unknown>) => {
    const res = await fetch(system.url, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ query: REPORT, variables }) });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  };

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
    const introspection = await gql(system.url, getIntrospectionQuery(), {}, admin);
    api = buildClientSchema(introspection.data as never);
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it.each(bad)('should answer %s with 400 BAD_USER_INPUT and exactly graphql-js\'s messages', async (_what, variables) => {
    const expected = getVariableValues(api, definitions, variables).errors!.map((e) => e.message);
    expect(expected.length).toBeGreaterThan(0);
    const res = await post(variables);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors!.map((e) => e.message)).toEqual(expected);
    expect(res.body.errors!.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('should take a valid batch of 500 rows through the compiled check and store it', async () => {
    const input = Array.from({ length: 500 }, (_, i) => row(i));
    expect(getVariableValues(api, definitions, { input }).errors).toBeUndefined();
    const res = await post({ input });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const counts = (res.body.data as { reportGovernanceObservations: Counts }).reportGovernanceObservations;
    expect(counts.imported + counts.updated).toBe(500);
    expect(counts.rejected).toBe(0);
  });

  it('should still answer each bad row on its own when the variables are well-typed', async () => {
    const res = await post({ input: [{ ...row(600), value: -1 }, row(601), { ...row(602), period: '2010-13' }] });
    expect(res.status).toBe(200);
    const counts = (res.body.data as { reportGovernanceObservations: Counts }).reportGovernanceObservations;
    expect(counts).toMatchObject({ unchanged: 0, rejected: 2 });
    expect(counts.imported + counts.updated).toBe(1);
  });
});
