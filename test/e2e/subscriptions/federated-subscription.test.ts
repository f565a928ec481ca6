import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';
import { type Feed, gatewayStats, reportGovernance, subscribe, waitFor } from './feed-client';

interface Event {
  governanceReadings: {
    cursor: string;
    value: number;
    unit: { name: string; economyReadings: { indicatorCode: string; value: number }[] };
    indicator: { name: string; target: number | null };
  };
}

describe('a subscription through the gateway', () => {
  let system: TestSystem;
  let admin: Record<string, string>;
  const feeds: Feed<unknown>[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
    admin = bearer(token('admin'));
  });
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.dispose()));
    await system?.dispose();
  });

  it('should receive a reading posted by a mutation, with fields from the economy subgraph', async () => {
    const feed = subscribe<Event>(
      system.wsUrl,
      `subscription ($units: [ID!]) {
        governanceReadings(unitCodes: $units) {
          cursor value
          unit { name economyReadings { indicatorCode value } }
          indicator { name target(year: 2025) }
        }
      }`,
      { units: ['19'] },
    );
    feeds.push(feed as Feed<unknown>);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 1, 'the upstream subscription');

    const cursor = await reportGovernance(system.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '19', period: '2024', value: 123456 });
    await feed.until((f) => f.received.length >= 1, 'the reading');

    const r = feed.received[0].governanceReadings;
    expect(r.cursor).toBe(cursor);
    expect(r.value).toBe(123456);
    expect(r.unit.name).toBe('Tỉnh Thái Nguyên');
    expect(r.unit.economyReadings).toContainEqual({ indicatorCode: 'ECO_EINVOICE_RATE', value: 98.9 });
    expect(r.indicator.name).toBe('Số hồ sơ thủ tục hành chính tiếp nhận');
    expect(feed.errors).toBeNull();
  });

  it('should answer a query sent over the WebSocket', async () => {
    const feed = subscribe<{ unit: { name: string } }>(system.wsUrl, `{ unit(code: "19") { name } }`);
    feeds.push(feed as Feed<unknown>);
    await feed.until((f) => f.completed, 'the query to complete');
    expect(feed.received).toEqual([{ unit: { name: 'Tỉnh Thái Nguyên' } }]);
  });

  // Issue 12: @apollo/gateway's answers to aliases that reuse an entity key's name and to type
  // conditions nested in an interface fragment were wrong; the WebSocket path must match HTTP.
  it.each([
    ['an alias that reuses the key name', `{ unit(code: "19") { code: name economyReadings { value } } }`],
    ['nested type conditions', `{ economyIndicator(code: "ECO_EINVOICE_RATE") { latest(unitCode: "19") { ... on Reading { ... on EconomyReading { value } } } } }`],
    ['__typename as an alias and a named fragment', `{ unit(code: "19") { __typename: name ...U } } fragment U on AdministrativeUnit { code }`],
  ])('should answer a query with %s over the WebSocket as over HTTP', async (_what, query) => {
    const overHttp = await gql(system.url, query);
    expect(overHttp.errors).toBeUndefined();
    const feed = subscribe(system.wsUrl, query);
    feeds.push(feed);
    await feed.until((f) => f.completed || f.errors !== null, 'the query to complete');
    expect(feed.errors).toBeNull();
    expect(feed.received).toEqual([overHttp.data]);
  });

  it('should deliver the fields of nested type conditions in subscription events, with the cursor', async () => {
    const feed = subscribe<{ live: { value?: number; cursor?: string; unitName?: { name: string } } }>(
      system.wsUrl,
      `subscription { live: governanceReadings(unitCodes: ["19"]) { ... on Reading { ... on GovernanceReading { value cursor unitName: unit { name } } } } }`,
    );
    feeds.push(feed as Feed<unknown>);
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions >= 1, 'the upstream subscription');
    const cursor = await reportGovernance(system.url, admin, { indicatorCode: 'GOV_DOSSIERS_RECEIVED', unitCode: '19', period: '2023', value: 4242 });
    await feed.until((f) => f.received.some((e) => e.live.cursor === cursor), 'the reading');
    expect(feed.received.find((e) => e.live.cursor === cursor)!.live).toEqual({ value: 4242, cursor, unitName: { name: 'Tỉnh Thái Nguyên' } });
  });

  it('should answer an invalid subscription with a GraphQL error', async () => {
    const feed = subscribe(system.wsUrl, `subscription { governanceReadings { noSuchField } }`);
    feeds.push(feed);
    await feed.until((f) => f.errors !== null, 'the error');
    expect(JSON.stringify(feed.errors)).toMatch(/noSuchField/);
  });

  it('should close the upstream when the last client leaves', async () => {
    for (const f of feeds.splice(0)) await f.dispose();
    await waitFor(async () => (await gatewayStats(system.url)).upstreamSubscriptions === 0, 'the upstream to close');
    expect(await gatewayStats(system.url)).toMatchObject({ topics: 0, subscribers: 0 });
  });
});
