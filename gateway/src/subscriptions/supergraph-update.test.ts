import { composeSdls } from '../supergraph/compose';
import { MAX_KEPT_QUERY_CHARS, OperationPlanner } from './planner';
import { subgraphsOfPlan } from './supergraph-update';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';
const { supergraphSdl } = composeSdls([
  {
    name: 'governance', url: 'http://governance.local/graphql',
    sdl: `${link} type Query { unit(code: ID!): Unit } type Unit @key(fields: "code") { code: ID! name: String! }`,
  },
  {
    name: 'economy', url: 'http://economy.local/graphql',
    sdl: `${link} type Query { e: Int } type Reading { cursor: ID! value: Float! unit: Unit! }
      type Unit @key(fields: "code") { code: ID! }
      type Subscription { economyReadings(after: ID): Reading! }`,
  },
  {
    name: 'health', url: 'http://health.local/graphql',
    sdl: `${link} type Query { h: Int } type Unit @key(fields: "code") { code: ID! healthReadings: [Int!] }`,
  },
]);
const planner = new OperationPlanner({ supergraphSdl });

describe('subgraphsOfPlan', () => {
  it('should name only the primary subgraph of a subscription that reads its own fields', () => {
    expect([...subgraphsOfPlan(planner.prepare('subscription { economyReadings { cursor value } }'))]).toEqual(['economy']);
  });

  it('should name every subgraph the rest of the plan fetches from', () => {
    const op = planner.prepare('subscription { economyReadings { value unit { name healthReadings } } }');
    expect([...subgraphsOfPlan(op)].sort()).toEqual(['economy', 'governance', 'health']);
  });

  it('should name the subgraphs of a query plan', () => {
    expect([...subgraphsOfPlan(planner.prepare('{ unit(code: "19") { name healthReadings } }'))].sort()).toEqual(['governance', 'health']);
  });
});

describe('OperationPlanner', () => {
  it('should keep the plan of a short operation and prepare a long one again each time rather than hold its text', () => {
    const short = 'subscription { economyReadings { cursor value } }';
    expect(planner.prepare(short)).toBe(planner.prepare(short));
    const long = `subscription { economyReadings(after: "${'x'.repeat(MAX_KEPT_QUERY_CHARS)}") { cursor value } }`;
    const first = planner.prepare(long);
    expect(planner.prepare(long)).not.toBe(first);
    expect(planner.prepare(long).key).toBe(first.key);
  });
});
