import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';

// Read-your-write through the in-flight dedupe (IOC_QUERY_DEDUPE) when the query cache is off
// (IOC_QUERY_CACHE=0): a read sent after a mutation through the gateway was answered must not join
// an identical read that started before the write.

const READ = `query ($code: ID!, $unit: ID!) { economyIndicator(code: $code) { latest(unitCode: $unit) { value } } societyIndicators { code } }`;
const REPORT = `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported updated rejected } }`;
const INDICATOR = 'ECO_EINVOICE_RATE';
const UNIT = '14';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Freezes (SIGSTOP) or thaws (SIGCONT) a service's process group, or the process alone. */
function signal(pid: number | undefined, sig: NodeJS.Signals): void {
  if (!pid) throw new Error('no pid');
  try { process.kill(-pid, sig); } catch { process.kill(pid, sig); }
}

describe.each([['0'], ['1']])('dedupe and a write through the gateway (IOC_QUERY_CACHE=%s)', (cacheFlag) => {
  let system: TestSystem;
  const reporter = () => bearer(token('reporter', 'TCT'));
  const viewer = () => bearer(token('viewer'));
  const report = async (value: number) => {
    const res = await gql<{ reportEconomyObservations: { rejected: number } }>(system.url, REPORT,
      { input: [{ indicatorCode: INDICATOR, unitCode: UNIT, period: '2025', value }] }, reporter());
    expect(res.errors).toBeUndefined();
    expect(res.data!.reportEconomyObservations.rejected).toBe(0);
  };
  const read = () => gql<{ economyIndicator: { latest: { value: number } | null } }>(system.url, READ, { code: INDICATOR, unit: UNIT }, viewer());

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET, IOC_QUERY_CACHE: cacheFlag, IOC_QUERY_DEDUPE: '1', IOC_QUERY_CACHE_PING_MS: '60000' });
    await report(10);
  });
  afterAll(async () => {
    await system?.dispose();
  });

  it('should show the write to a read sent after the mutation was answered', async () => {
    expect((await read()).data?.economyIndicator.latest?.value).toBe(10);
    const society = system.subgraphs.society.pid;
    signal(society, 'SIGSTOP');
    let before: ReturnType<typeof read>;
    let after: ReturnType<typeof read>;
    try {
      before = read(); // economy answers at once (value 10), society hangs
      await sleep(1_000);
      await report(20); // answered: the write is committed
      after = read(); // sent after the write: must see 20
      await sleep(300);
    } finally {
      signal(society, 'SIGCONT');
    }
    expect((await before).data?.economyIndicator.latest?.value).toBe(10);
    const res = await after;
    expect(res.errors).toBeUndefined();
    expect(res.data?.economyIndicator.latest?.value).toBe(20);
  });
});
