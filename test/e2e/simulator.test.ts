import { type RunningSimulator, startSimulator, utcDay } from '@ioc-graph/cli';
import { type TestSystem, startTestSystem } from '../support/system';
import { TEST_JWT_SECRET, token } from '../support/tokens';
import { type Feed, subscribe, waitFor } from './subscriptions/feed-client';

interface Reading { indicatorCode: string; unitCode: string; period: string; value: number }
type Event = Record<string, Reading>;

const SUBSCRIPTION = (field: string, codes: string[]) =>
  `subscription { ${field}(unitCodes: ["14", "19", "52@2025", "68", "75"], indicatorCodes: ${JSON.stringify(codes)}) { indicatorCode unitCode period value } }`;

describe('demo traffic simulator', () => {
  let system: TestSystem;
  let simulator: RunningSimulator | undefined;
  const feeds: Feed<Event>[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(async () => {
    await simulator?.stop();
    await Promise.all(feeds.map((f) => f.dispose()));
    await system?.dispose();
  });

  it('should post readings of every flow that reach the screens through a gateway subscription', async () => {
    const governance = subscribe<Event>(system.wsUrl, SUBSCRIPTION('governanceReadings', ['GOV_ONLINE_DOSSIER_RATE', 'GOV_ONTIME_RESOLUTION_RATE', 'GOV_DOSSIERS_RECEIVED_TODAY']));
    const economy = subscribe<Event>(system.wsUrl, SUBSCRIPTION('economyReadings', ['ECO_EINVOICES_ISSUED']));
    const society = subscribe<Event>(system.wsUrl, SUBSCRIPTION('societyReadings', ['SOC_HOUSEHOLDS_REACHED', 'SOC_SPEEDTEST_MOBILE_MBPS', 'SOC_SPEEDTEST_FIXED_MBPS']));
    feeds.push(governance, economy, society);
    // Each subscription is open upstream before the first post (no `after`: only what comes next).
    await waitFor(async () => {
      const res = await fetch(system.url.replace('/graphql', '/healthz'));
      return ((await res.json()) as { subscriptions: { subscribers: number } }).subscriptions.subscribers === 3;
    }, 'three subscribers');

    // Jest cannot load jose (an ES module) in-process: the reporter tokens come from `ioc token`,
    // the same signer the simulator uses inside `npm start`.
    const tokens = new Map(['VPCP', 'TCT', 'BTTTT'].map((a) => [a, token('reporter', a)]));
    simulator = await startSimulator({
      gatewayUrl: system.url, env: system.env, rate: 200, logEvery: 20, log: (l) => lines.push(l),
      tokenFor: (agency) => tokens.get(agency)!,
    });

    const codes = (f: Feed<Event>) => new Set(f.received.map((e) => Object.values(e)[0].indicatorCode));
    const units = (f: Feed<Event>) => new Set(f.received.map((e) => Object.values(e)[0].unitCode));
    await governance.until((f) => codes(f).size === 3 && units(f).size === 5, 'dossier rates and counts of the five provinces');
    await economy.until((f) => units(f).size === 5, 'e-invoices of the five provinces');
    await society.until((f) => codes(f).size === 3 && units(f).size === 5, 'households and speed tests of the five provinces');
    const sonLaRates = () => new Set(governance.received.map((e) => Object.values(e)[0])
      .filter((r) => r.indicatorCode === 'GOV_ONLINE_DOSSIER_RATE' && r.unitCode === '14').map((r) => r.value));
    await waitFor(() => sonLaRates().size > 1, 'Sơn La’s computed online rate to move');
    await waitFor(() => lines.some((l) => /^simulator: \d+ posts/.test(l)), 'a summary line');
    await simulator.stop();

    expect(simulator.stats.failed).toBe(0);
    expect(lines.filter((l) => l.startsWith('simulator error'))).toEqual([]);
    const today = utcDay(new Date());
    for (const f of feeds) {
      for (const e of f.received) {
        const r = Object.values(e)[0];
        if (r.indicatorCode.endsWith('_RATE')) expect(r.value >= 0 && r.value <= 100).toBe(true);
        expect(r.value).toBeGreaterThanOrEqual(0);
        if (r.indicatorCode.includes('SPEEDTEST')) expect(new Date(r.period).getTime()).toBeLessThanOrEqual(Date.now());
        else if (!r.indicatorCode.endsWith('_RATE')) expect([today, utcDay(new Date(Date.now() - 60_000))]).toContain(r.period);
      }
    }
  });
});
