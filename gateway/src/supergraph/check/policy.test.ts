import { checkPolicy } from './policy';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@override", "@provides", "@external"])';
const core = {
  governance: `${link}
    interface Indicator { code: ID! }
    type GovernanceIndicator implements Indicator @key(fields: "code") { code: ID! }
    type AdministrativeUnit @key(fields: "code") { code: ID! name: String! }
    type Agency @key(fields: "code") { code: ID! name: String! }
    type ReportSummary @shareable { imported: Int! }
    type Query { unit(code: ID!): AdministrativeUnit }`,
  society: `${link}
    interface Indicator { code: ID! }
    type SocietyIndicator implements Indicator @key(fields: "code") { code: ID! }
    type Query { societyIndicators: [SocietyIndicator!]! }`,
};
const partner = (body: string) => ({ name: 'health', sdl: `${link}\ninterface Indicator { code: ID! }\n${body}` });

describe('checkPolicy', () => {
  it('should pass a partner with its own prefix, the unit key stub and the shareable kit types', () => {
    expect(
      checkPolicy(
        partner(`type HealthIndicator implements Indicator @key(fields: "code") { code: ID! }
          type AdministrativeUnit @key(fields: "code") { code: ID! healthReadings: [Int!] }
          type ReportSummary @shareable { imported: Int! }
          type Query { healthIndicators: [HealthIndicator!]! }`),
        core,
      ),
    ).toEqual([]);
  });

  it('should name the core subgraph whose prefix a partner took', () => {
    const v = checkPolicy(partner('type SocietyIndicator implements Indicator @key(fields: "code") { code: ID! } type Query { x: Int }'), core);
    expect(v).toEqual([expect.objectContaining({ rule: 'core-prefix', message: expect.stringContaining('prefix Society is taken by subgraph society') })]);
  });

  it('should refuse a type a core subgraph owns, such as Agency', () => {
    const v = checkPolicy(partner('type Agency { code: ID! } type Query { healthAgencies: [Agency!]! }'), core);
    expect(v.map((x) => x.message)).toEqual(['type Agency is owned by core subgraph governance: rename yours (e.g. with your prefix)']);
  });

  it("should refuse another key for AdministrativeUnit", () => {
    const v = checkPolicy(partner('type AdministrativeUnit @key(fields: "name") { name: String! } type Query { x: Int }'), core);
    expect(v).toEqual([expect.objectContaining({ rule: 'unit-key', coordinate: 'AdministrativeUnit' })]);
  });

  it('should refuse @override of a core field and @provides of core fields', () => {
    const v = checkPolicy(
      partner(`type AdministrativeUnit @key(fields: "code") { code: ID! name: String! @override(from: "governance") }
        type HealthThing { unit: AdministrativeUnit @provides(fields: "name") }
        type Query { thing: HealthThing }`),
      core,
    );
    expect(v.map((x) => [x.rule, x.coordinate])).toEqual([
      ['override', 'AdministrativeUnit.name'],
      ['provides', 'HealthThing.unit'],
    ]);
  });
});
