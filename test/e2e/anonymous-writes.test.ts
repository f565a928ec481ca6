import { GATEWAY_CONTEXT_HEADER } from '@ioc-graph/kit/internal';
import { signedContext } from '../support/start-command';
import { type TestSystem, gql, startTestSystem } from '../support/system';

const REPORT = `mutation ($input: [ObservationInput!]!) { reportSocietyObservations(input: $input) { imported } }`;
const row = { input: [{ indicatorCode: 'SOC_DIGITAL_SKILLS_RATE', unitCode: '70', period: '2012', value: 1 }] };

// A subgraph called directly (not through the gateway): the kit's default policy decides.
describe('writes at a subgraph without a reporter or admin', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  }, 120_000);
  afterAll(async () => {
    await system?.dispose();
  });

  it('should refuse an anonymous write as UNAUTHENTICATED and store nothing', async () => {
    const res = await gql(system.subgraphs.society.url, REPORT, row);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const stored = await gql(system.url, '{ societyIndicator(code: "SOC_DIGITAL_SKILLS_RATE") { series(unitCode: "70", from: "2012", to: "2012") { period } } }');
    expect(stored.data).toEqual({ societyIndicator: { series: [] } });
  });

  it('should refuse a viewer as FORBIDDEN and let an admin write', async () => {
    const viewer = await gql(system.subgraphs.society.url, REPORT, row, { [GATEWAY_CONTEXT_HEADER]: await signedContext({ ...process.env, ...system.env }, 'society', ['viewer']) });
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await gql(system.subgraphs.society.url, REPORT, row, { [GATEWAY_CONTEXT_HEADER]: await signedContext({ ...process.env, ...system.env }, 'society', ['admin']) });
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toEqual({ reportSocietyObservations: { imported: 1 } });
  });
});
