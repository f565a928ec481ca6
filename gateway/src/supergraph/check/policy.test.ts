import { checkPolicy, nonNullRootFields } from './policy';

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
    type TelecomInfrastructure { code: ID! }
    type Query { societyIndicators: [SocietyIndicator!]! telecomInfrastructure: [TelecomInfrastructure!] }`,
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
    const v = checkPolicy(
      partner('type SocietyIndicator implements Indicator @key(fields: "code") { code: ID! } type SocietyThing { x: Int } type Query { societyIndicators: [SocietyIndicator!]! }'),
      core,
    );
    expect(v).toEqual([expect.objectContaining({ rule: 'core-prefix', message: expect.stringContaining('prefix Society is taken by subgraph society') })]);
  });

  it('should refuse a type a core subgraph owns, such as Agency', () => {
    const v = checkPolicy(partner('type Agency { code: ID! } type Query { healthAgencies: [Agency!]! }'), core);
    expect(v.map((x) => x.message)).toEqual(['type Agency is owned by core subgraph governance: rename yours (e.g. with your prefix)']);
  });

  it('should refuse a partner type named with another subgraph\'s prefix, such as EconomyTower', () => {
    const v = checkPolicy(partner('type GovernanceTower { code: ID! } type Query { healthTowers: [GovernanceTower!] }'), core);
    expect(v).toEqual([
      { rule: 'core-prefix', coordinate: 'GovernanceTower', message: 'type GovernanceTower starts with prefix Governance of subgraph governance: name it with your own prefix' },
    ]);
  });

  it("should refuse a partner root field named with another subgraph's prefix, a query or the kit's report mutation", () => {
    const v = checkPolicy(
      partner('type Query { societyTowers: [Int!] } type Mutation { reportSocietyTowers(n: Int): Int }'),
      core,
    );
    expect(v.map((x) => x.message)).toEqual([
      'root field societyTowers starts with prefix society of subgraph society: name it with your own prefix',
      'root field reportSocietyTowers starts with prefix society of subgraph society: name it with your own prefix',
    ]);
  });

  it("should check the prefixes of the graph's other partners too", () => {
    const others = { health: `${link}\ninterface Indicator { code: ID! }\ntype HealthIndicator implements Indicator @key(fields: "code") { code: ID! } type Query { x: Int }` };
    const v = checkPolicy({ name: 'tax', sdl: `${link}\ntype HealthClinic { code: ID! } type Query { taxClinics: [HealthClinic!] }` }, core, others);
    expect(v.map((x) => x.message)).toEqual(['type HealthClinic starts with prefix Health of subgraph health: name it with your own prefix']);
  });

  it('should refuse a partner prefix that clashes with names already in the graph, such as Telecom and TelecomInfrastructure', () => {
    const v = checkPolicy(partner('type TelecomIndicator implements Indicator @key(fields: "code") { code: ID! } type Query { telecomIndicators: [TelecomIndicator!]! }'), core);
    expect(v).toEqual([
      {
        rule: 'core-prefix',
        coordinate: 'TelecomIndicator',
        message: 'prefix Telecom clashes with type TelecomInfrastructure of subgraph society: choose another typePrefix (and pillar)',
      },
    ]);
  });

  it('should not read a prefix into a longer word: Governancee is not Governance', () => {
    const v = checkPolicy(partner('type GovernanceeX { code: ID! } type Query { governancee: [GovernanceeX!] }'), core);
    expect(v).toEqual([]);
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

describe('nonNullRootFields', () => {
  it("should name a partner's non-null Query fields, but not the contract's <p>Indicators", () => {
    const w = nonNullRootFields(`${link}
      interface Indicator { code: ID! }
      type HealthIndicator implements Indicator @key(fields: "code") { code: ID! }
      type Query { healthIndicators: [HealthIndicator!]! healthFacilities: [Int!]! healthPillar: String healthCount: Int! }`);
    expect(w).toEqual([
      expect.stringMatching(/^Query\.healthFacilities: \[Int!\]! is non-null: .* declare it \[Int!\]$/),
      expect.stringMatching(/^Query\.healthCount: Int! is non-null: .* declare it Int$/),
    ]);
  });
});
