import { type KitCatalog, type ObservationDraft, UNITS, validateRows } from '@ioc-graph/kit/internal';
import { observationsOfFlow } from '../../../subgraphs/governance/src/dossiers/dossier.service';
import { INDICATORS as GOVERNANCE } from '../../../subgraphs/governance/src/indicators/indicators.seed-data';
import { INDICATORS as ECONOMY } from '../../../subgraphs/economy/src/indicators/indicators.seed-data';
import { INDICATORS as SOCIETY } from '../../../subgraphs/society/src/indicators/indicators.seed-data';
import { type Post, defaultFlows, dossierFlow, speedTestFlow } from './flows';
import { startLoop } from './loop';
import { seededRandom, walk } from './random';
import { unitOn, utcDay } from './units';

/** The kit's validation reads only the catalog's maps: build them from the real seed. */
const catalog = {
  indicators: new Map([...GOVERNANCE, ...ECONOMY, ...SOCIETY].map((i) => [i.code, i])),
  units: new Map(UNITS.map((u) => [u.code, u])),
} as unknown as KitCatalog;

/** The observations a post writes, as the subgraph would compute them. */
function draftsOf(post: Post): ObservationDraft[] {
  const v = post.variables as { flows?: Parameters<typeof observationsOfFlow>[0][]; today?: ObservationDraft[]; input?: ObservationDraft[] };
  return [...(v.flows ?? []).flatMap(observationsOfFlow), ...(v.today ?? []), ...(v.input ?? [])];
}

/** A clock that starts late on 22 November 2026 (UTC) and moves 7 minutes per step, across midnight. */
function fakeClock(start = '2026-11-22T20:00:00Z', stepMs = 7 * 60_000) {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), tick: () => void (t += stepMs) };
}

describe('unitOn', () => {
  it('should send the article provinces that ceased on 2025-06-30 to their successors, and keep the others', () => {
    const today = new Date('2026-11-22T08:00:00Z');
    expect(['14', '19', '52', '60', '70'].map((c) => unitOn(c, today))).toEqual(['14', '19', '52@2025', '68', '75']);
    expect(unitOn('70', new Date('2025-06-30T12:00:00Z'))).toBe('70');
    expect(unitOn('70', new Date('2025-07-01T00:00:00Z'))).toBe('75');
  });
});

describe('simulator flows', () => {
  it('should post only rows the kit accepts: known indicators of the token agency, units valid today, no future period', () => {
    const clock = fakeClock();
    const random = seededRandom(42);
    const flows = defaultFlows();
    for (let step = 0; step < 400; step++) {
      const now = clock.now();
      for (const flow of flows) {
        const post = flow.next({ now, random });
        const drafts = draftsOf(post);
        expect(drafts.length).toBeGreaterThan(0);
        const { problems } = validateRows(drafts, catalog, {
          now,
          authorize: (code) => (catalog.indicators.get(code)?.agencyCode === post.agency ? null : `${post.agency} may not write ${code}`),
        });
        expect(problems).toEqual([]);
        for (const d of drafts) {
          expect(['14', '19', '52@2025', '68', '75']).toContain(d.unitCode);
          if (/^\d{4}-\d{2}-\d{2}$/.test(d.period)) expect(d.period).toBe(utcDay(now));
        }
      }
      clock.tick();
    }
  });

  it('should grow the dossier totals of the year, move the computed rates, and restart today’s count at midnight', () => {
    const clock = fakeClock('2026-11-22T23:00:00Z', 60_000);
    const random = seededRandom(7);
    const flow = dossierFlow();
    const ofSonLa: { received: number; today: number; day: string; online: number | undefined; onTime: number | undefined }[] = [];
    for (let step = 0; step < 600; step++) {
      const post = flow.next({ now: clock.now(), random });
      const drafts = draftsOf(post);
      if (drafts[0].unitCode === '14') {
        const value = (code: string) => drafts.find((d) => d.indicatorCode === code)?.value;
        ofSonLa.push({
          received: value('GOV_DOSSIERS_RECEIVED')!, today: value('GOV_DOSSIERS_RECEIVED_TODAY')!,
          day: drafts.find((d) => d.indicatorCode === 'GOV_DOSSIERS_RECEIVED_TODAY')!.period,
          online: value('GOV_ONLINE_DOSSIER_RATE'), onTime: value('GOV_ONTIME_RESOLUTION_RATE'),
        });
      }
      clock.tick();
    }
    for (let i = 1; i < ofSonLa.length; i++) {
      expect(ofSonLa[i].received).toBeGreaterThanOrEqual(ofSonLa[i - 1].received);
      if (ofSonLa[i].day === ofSonLa[i - 1].day) expect(ofSonLa[i].today).toBeGreaterThanOrEqual(ofSonLa[i - 1].today);
    }
    expect(new Set(ofSonLa.map((r) => r.day))).toEqual(new Set(['2026-11-22', '2026-11-23']));
    const first23 = ofSonLa.find((r) => r.day === '2026-11-23')!;
    expect(first23.today).toBeLessThan(ofSonLa[ofSonLa.indexOf(first23) - 1].today);
    const rates = ofSonLa.map((r) => r.online!);
    expect(new Set(rates).size).toBeGreaterThan(10);
    for (const r of [...rates, ...ofSonLa.map((x) => x.onTime!)]) expect(r >= 0 && r <= 100).toBe(true);
    // Around Sơn La's seeded 69,46 % online.
    expect(Math.abs(rates[rates.length - 1] - 69.46)).toBeLessThan(15);
  });

  it('should continue today’s series from what is stored', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const flow = dossierFlow();
    expect(flow.resume!.query(now)).toContain('dossierFlows(unitCode: "75", from: "2026", to: "2026")');
    flow.resume!.apply({
      u0: [{ period: '2026', receivedOnline: 1000, receivedOffline: 500, resolvedOnTime: 1400, resolvedLate: 20 }],
      today: { u0: { period: '2026-11-22', value: 321 }, u1: { period: '2026-11-21', value: 999 } },
    }, now);
    const random = seededRandom(1);
    const sonLa = draftsOf(flow.next({ now, random }));
    expect(sonLa.find((d) => d.indicatorCode === 'GOV_DOSSIERS_RECEIVED_ONLINE')!.value).toBeGreaterThanOrEqual(1000);
    expect(sonLa.find((d) => d.indicatorCode === 'GOV_DOSSIERS_RECEIVED_TODAY')!.value).toBeGreaterThan(321);
    const thaiNguyen = draftsOf(flow.next({ now, random }));
    expect(thaiNguyen.find((d) => d.indicatorCode === 'GOV_DOSSIERS_RECEIVED_TODAY')!.value).toBeLessThan(100); // yesterday's 999 is not today's
  });

  it('should let speed tests wander around the seeded figures, stamped with the clock', () => {
    const clock = fakeClock();
    const random = seededRandom(3);
    const flow = speedTestFlow();
    const mobile: number[] = [];
    for (let i = 0; i < 500; i++) {
      const drafts = draftsOf(flow.next({ now: clock.now(), random }));
      expect(drafts.every((d) => d.period === clock.now().toISOString())).toBe(true);
      if (drafts[0].unitCode === '19') mobile.push(drafts.find((d) => d.indicatorCode === 'SOC_SPEEDTEST_MOBILE_MBPS')!.value);
      clock.tick();
    }
    const mean = mobile.reduce((a, b) => a + b, 0) / mobile.length;
    expect(Math.abs(mean - 33.95)).toBeLessThan(8);
    expect(Math.min(...mobile)).toBeGreaterThan(0);
    expect(new Set(mobile).size).toBeGreaterThan(50);
  });

  it('should keep a walk within its bounds', () => {
    const random = seededRandom(9);
    let x = 99;
    for (let i = 0; i < 10_000; i++) {
      x = walk(x, { anchor: 98, step: 5, min: 0, max: 100 }, random);
      expect(x >= 0 && x <= 100).toBe(true);
    }
  });
});

describe('simulator loop', () => {
  it('should keep going after errors, log them once, and summarise once per N posts', async () => {
    const lines: string[] = [];
    let calls = 0;
    const loop = startLoop({
      flows: defaultFlows(),
      rate: 400,
      random: seededRandom(5),
      now: () => new Date('2026-11-22T10:00:00Z'),
      logEvery: 20,
      log: (l) => lines.push(l),
      send: async () => {
        if (++calls % 3 === 0) throw new Error('gateway said no');
      },
    });
    while (loop.stats.ok + loop.stats.failed < 60) await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    expect(loop.stats.failed).toBeGreaterThan(0);
    expect(loop.stats.ok).toBeGreaterThan(loop.stats.failed);
    const summaries = lines.filter((l) => /^simulator: \d+ posts/.test(l));
    expect(summaries.length).toBe(Math.floor((loop.stats.ok + loop.stats.failed) / 20));
    // The same error is logged at most once per summary window.
    expect(lines.filter((l) => l.startsWith('simulator error:')).length).toBeLessThanOrEqual(summaries.length * 4 + 4);
  });

  it('should send the posts of one series in order', async () => {
    const seen = new Map<string, number[]>();
    let order = 0;
    const loop = startLoop({
      flows: [dossierFlow()],
      rate: 1000,
      random: seededRandom(11),
      log: () => undefined,
      maxInFlight: 50,
      send: async (post) => {
        await new Promise((r) => setTimeout(r, Math.random() * 20));
        const total = (post.variables.flows as { receivedOnline: number }[])[0].receivedOnline;
        seen.set(post.key, [...(seen.get(post.key) ?? []), total]);
        order++;
      },
    });
    while (order < 100) await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    for (const totals of seen.values()) expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });
});
