import type { SubgraphClient, SubgraphResponse } from '../fetch/subgraph-client';
import { postThroughCache } from './cached-fetch';
import { QueryCache } from './query-cache';

const REPORT = 'mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported } }';
const READ = '{ economyIndicator(code: "X") { latest(unitCode: "01") { value } } }';
const REPORTER = { subject: 'r', roles: ['reporter'], agencyCode: 'TCT' };

/** A subgraph client whose answers the test releases: `answer(i, res)` answers the i-th call. */
function fakeClient(name = 'economy') {
  const calls: { body: string; resolve: (r: SubgraphResponse) => void }[] = [];
  const client = {
    name,
    post: (body: string) => new Promise<SubgraphResponse>((resolve) => calls.push({ body, resolve })),
  } as unknown as SubgraphClient;
  return { client, calls, answer: (i: number, res: SubgraphResponse) => calls[i].resolve(res) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('postThroughCache and a mutation', () => {
  let cache: QueryCache;
  beforeEach(() => {
    cache = new QueryCache({ writeWaitMs: 5_000 });
    cache.setLive('economy', true);
    cache.writes.at('economy', '40');
  });
  afterEach(() => cache.writes.dispose());

  const read = (client: SubgraphClient) => postThroughCache(cache, client, READ, READ, {}, null, undefined);
  const write = (client: SubgraphClient) => postThroughCache(cache, client, REPORT, 'write', {}, REPORTER, undefined);

  it('should drop nothing before the mutation is sent, and answer once its event came by', async () => {
    const f = fakeClient();
    const reading = read(f.client);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' });
    await reading;
    let answered = false;
    const writing = write(f.client).then((r) => { answered = true; return r; });
    await tick();
    expect(cache.stats().entries).toBe(1); // still served while the write runs
    f.answer(1, { status: 200, body: '{"data":{}}', feedPosition: '45' });
    await tick();
    expect(answered).toBe(false);
    cache.invalidate('economy', new Set(['01'])); // the write's own event (the read depends on the whole subgraph)
    cache.writes.at('economy', '45');
    await writing;
    expect(cache.stats()).toMatchObject({ entries: 0, writes: { reached: 1 } });
  });

  it('should keep a read racing the write from storing what it read before the write, once the event came between its start and its answer', async () => {
    const f = fakeClient();
    const other = cache.begin('economy', 'anonymous', 'other unit', ['19']);
    if (other && 'ticket' in other) cache.fill(other.ticket, '{"data":{"19":1}}'); // kept: the write waits for its event
    const racing = read(f.client); // starts before the write commits
    const writing = write(f.client);
    await tick();
    f.answer(1, { status: 200, body: '{"data":{}}', feedPosition: '45' });
    await tick();
    cache.invalidate('economy', new Set(['01']));
    cache.writes.at('economy', '45');
    await expect(writing).resolves.toMatchObject({ feedPosition: '45' });
    expect(cache.stats().writes.reached).toBe(1);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' }); // read before the write, answered after its event
    await racing;
    expect(cache.stats().entries).toBe(1); // the other unit's, not the racing read's
    const next = read(f.client);
    expect(f.calls).toHaveLength(3); // the next read asks the subgraph again
    f.answer(2, { status: 200, body: '{"data":{"new":1}}' });
    expect((await next).body).toBe('{"data":{"new":1}}');
  });

  it("should drop the subgraph's entries when the answer carries no position (an older kit)", async () => {
    const f = fakeClient();
    const reading = read(f.client);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' });
    await reading;
    const writing = write(f.client);
    await tick();
    f.answer(1, { status: 200, body: '{"data":{}}' });
    await writing;
    expect(cache.stats()).toMatchObject({ entries: 0, writes: { 'no-position': 1 } });
  });

  it("should drop the subgraph's entries when the mutation gets no answer", async () => {
    const client = { name: 'economy', post: async () => { throw new Error('unreachable'); } } as unknown as SubgraphClient;
    const f = fakeClient();
    const reading = read(f.client);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' });
    await reading;
    await expect(write(client)).rejects.toThrow('unreachable');
    expect(cache.stats().entries).toBe(0);
  });

  it("should drop nothing for a caller without a credential (its write is refused)", async () => {
    const f = fakeClient();
    const reading = read(f.client);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' });
    await reading;
    const writing = postThroughCache(cache, f.client, REPORT, 'write', {}, null, undefined);
    f.answer(1, { status: 200, body: '{"errors":[]}' });
    await writing;
    expect(cache.stats().entries).toBe(1);
  });

  it("should drop nothing when the subgraph refuses every root field for who the caller is (a viewer), so a credential holder cannot empty the subgraph's entries", async () => {
    const f = fakeClient();
    const reading = read(f.client);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' });
    await reading;
    const viewer = { subject: 'v', roles: ['viewer'], agencyCode: null };
    const refusal = (path: string) => ({ message: 'Reporting observations needs the reporter or admin role', path: [path], extensions: { code: 'FORBIDDEN' } });
    const writing = postThroughCache(cache, f.client, REPORT, 'write', {}, viewer, undefined);
    await tick();
    f.answer(1, { status: 200, body: JSON.stringify({ errors: [refusal('reportEconomyObservations')], data: null }) });
    await writing;
    expect(cache.stats()).toMatchObject({ entries: 1, invalidations: 0 });
  });

  it('should still drop the entries when one root field ran and a later one was refused (the first may have written)', async () => {
    const f = fakeClient();
    const reading = read(f.client);
    f.answer(0, { status: 200, body: '{"data":{"old":1}}' });
    await reading;
    const TWO = 'mutation { a: reportEconomyObservations(input: []) { imported } b: adminOnly }';
    const writing = postThroughCache(cache, f.client, TWO, 'write', {}, REPORTER, undefined);
    await tick();
    f.answer(1, { status: 200, body: JSON.stringify({ errors: [{ message: 'no', path: ['b'], extensions: { code: 'FORBIDDEN' } }], data: null }) });
    await writing;
    expect(cache.stats()).toMatchObject({ entries: 0, writes: { 'no-position': 1 } });
  });
});

describe('postThroughCache and a partner subgraph', () => {
  const OWN = '{ healthFacilities(unitCode: "19") { code beds } }';
  const UNITS = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on AdministrativeUnit { healthReadings { indicatorCode value } } } }';
  let cache: QueryCache;
  beforeEach(() => {
    cache = new QueryCache();
    cache.setLive('health', true, 'healthReadings'); // as its stream tells it (its feed field)
  });
  afterEach(() => cache.writes.dispose());

  it("should never keep a partner's own fields (no event announces writes to its tables), asking the partner every time", async () => {
    const f = fakeClient('health');
    for (let i = 0; i < 2; i++) {
      const reading = postThroughCache(cache, f.client, OWN, OWN, {}, null, undefined);
      await tick();
      f.answer(i, { status: 200, body: '{"data":{"healthFacilities":[{"code":"BV1","beds":100}]}}' });
      await reading;
    }
    expect(f.calls).toHaveLength(2);
    expect(cache.stats().entries).toBe(0);
  });

  it("should keep a partner's entity fetch of units' readings, which its feed announces per unit", async () => {
    const f = fakeClient('health');
    const variables = { representations: [{ __typename: 'AdministrativeUnit', code: '19' }] };
    const body = JSON.stringify({ query: UNITS, variables });
    const first = postThroughCache(cache, f.client, UNITS, body, {}, null, variables);
    await tick();
    f.answer(0, { status: 200, body: '{"data":{"_entities":[{"healthReadings":[]}]}}' });
    await first;
    const second = await postThroughCache(cache, f.client, UNITS, body, {}, null, variables);
    expect(second.body).toBe('{"data":{"_entities":[{"healthReadings":[]}]}}');
    expect(f.calls).toHaveLength(1);
  });
});

describe("postThroughCache and a partner's own unit field named like readings", () => {
  // The partner's own type and own field on AdministrativeUnit (its typeDefs), read from its own
  // table; only its name ends in `Readings`. No event of its feed announces a write to that table.
  const OWN_UNIT_FIELD = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on AdministrativeUnit { healthBedReadings { ward beds } } } }';
  let cache: QueryCache;
  beforeEach(() => {
    cache = new QueryCache();
    cache.setLive('health', true, 'healthReadings');
  });
  afterEach(() => cache.writes.dispose());

  it("should ask the partner every time for its own AdministrativeUnit field, even one named '…Readings'", async () => {
    const f = fakeClient('health');
    const variables = { representations: [{ __typename: 'AdministrativeUnit', code: '19' }] };
    const body = JSON.stringify({ query: OWN_UNIT_FIELD, variables });
    for (let i = 0; i < 2; i++) {
      const reading = postThroughCache(cache, f.client, OWN_UNIT_FIELD, body, {}, null, variables);
      await tick();
      f.answer(i, { status: 200, body: '{"data":{"_entities":[{"healthBedReadings":[{"ward":"A","beds":10}]}]}}' });
      await reading;
    }
    expect(f.calls).toHaveLength(2);
    expect(cache.stats().entries).toBe(0);
  });
});
