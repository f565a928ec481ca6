import { type Random, around, round2, walk } from './random';
import { ARTICLE_PROVINCES, type ArticleProvince, unitOn, utcDay } from './units';

/**
 * One GraphQL mutation the simulator posts through the gateway. Every row it writes is marked as
 * demo data: status `E` (SDMX estimated, as the seed's generated history) and source `simulator`.
 */
export interface Post {
  flow: string;
  /** Posts with the same key write the same series and are sent in order. */
  key: string;
  /** Agency whose reporter token signs the post. */
  agency: string;
  query: string;
  variables: Record<string, unknown>;
  /** Observations the post writes (for the log). */
  readings: number;
}

export interface FlowContext {
  now: Date;
  random: Random;
}

export interface Flow {
  name: string;
  /** The next post: the state of one unit's series moves one step. */
  next(ctx: FlowContext): Post;
  /** What is stored already (today's counts, this year's dossiers), so a restart continues the series. */
  resume?: { query(now: Date): string; apply(data: Record<string, unknown>, now: Date): void };
}

/** Typical figures per article province, around the seeded ones (shares in %, volumes per post). */
export interface Profile {
  dossiers: number;
  onlineShare: number;
  onTimeShare: number;
  einvoices: number;
  households: number;
  mobileMbps: number;
  fixedMbps: number;
}

/**
 * Sơn La 69,46 % online (2023); La Gi 98,91 % on time; Bình Phước 0,5 % overdue after the 2022
 * campaign; Thái Nguyên 33,95 / 67,96 Mbps (2022), 98,9 % e-invoices, 6.700 e-tax enterprises;
 * Bình Định's 4.353 community team members.
 */
export const PROFILES: Record<ArticleProvince, Profile> = {
  '14': { dossiers: 6, onlineShare: 69.46, onTimeShare: 98.4, einvoices: 60, households: 8, mobileMbps: 30.5, fixedMbps: 60.2 },
  '19': { dossiers: 9, onlineShare: 80, onTimeShare: 99, einvoices: 180, households: 10, mobileMbps: 33.95, fixedMbps: 67.96 },
  '52': { dossiers: 8, onlineShare: 75, onTimeShare: 98.5, einvoices: 120, households: 14, mobileMbps: 32, fixedMbps: 64 },
  '60': { dossiers: 7, onlineShare: 72, onTimeShare: 98.91, einvoices: 90, households: 9, mobileMbps: 31, fixedMbps: 62 },
  '70': { dossiers: 6, onlineShare: 70, onTimeShare: 99.5, einvoices: 80, households: 11, mobileMbps: 31.5, fixedMbps: 63 },
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const SUMMARY = '{ rejected rows { reason } }';

/** Round-robin over the article provinces. */
function rotation() {
  let i = 0;
  return () => ARTICLE_PROVINCES[i++ % ARTICLE_PROVINCES.length];
}

const alias = (i: number) => `u${i}`;

// ---------------------------------------------------------------------------------------------

interface DossierState {
  year: string;
  receivedOnline: number;
  receivedOffline: number;
  resolvedOnTime: number;
  resolvedLate: number;
  day: string;
  receivedToday: number;
  onlineShare: number;
  onTimeShare: number;
}

/**
 * Dossiers received (online or in person) and resolved (on time or late): this year's running
 * totals go through `recordDossiers`, which recomputes GOV_ONLINE_DOSSIER_RATE and
 * GOV_ONTIME_RESOLUTION_RATE, and today's count goes to GOV_DOSSIERS_RECEIVED_TODAY.
 */
export function dossierFlow(profiles = PROFILES): Flow {
  const state = new Map<ArticleProvince, DossierState>();
  const pick = rotation();
  const stateOf = (p: ArticleProvince, now: Date): DossierState => {
    const year = String(now.getUTCFullYear());
    const day = utcDay(now);
    let s = state.get(p);
    if (!s) {
      // A starting year-to-date so the rates begin near the profile and move visibly.
      const base = profiles[p].dossiers * 100;
      const online = Math.round((base * profiles[p].onlineShare) / 100);
      const onTime = Math.round((base * profiles[p].onTimeShare) / 100);
      s = { year, receivedOnline: online, receivedOffline: base - online, resolvedOnTime: onTime, resolvedLate: base - onTime,
        day, receivedToday: 0, onlineShare: profiles[p].onlineShare, onTimeShare: profiles[p].onTimeShare };
      state.set(p, s);
    }
    if (s.year !== year) Object.assign(s, { year, receivedOnline: 0, receivedOffline: 0, resolvedOnTime: 0, resolvedLate: 0 });
    if (s.day !== day) Object.assign(s, { day, receivedToday: 0 });
    return s;
  };
  return {
    name: 'dossiers',
    next({ now, random }) {
      const p = pick();
      const prof = profiles[p];
      const s = stateOf(p, now);
      const unitCode = unitOn(p, now);
      s.onlineShare = walk(s.onlineShare, { anchor: prof.onlineShare, step: 3, min: 30, max: 99 }, random);
      s.onTimeShare = walk(s.onTimeShare, { anchor: prof.onTimeShare, step: 1, min: 85, max: 100 }, random);
      const received = around(prof.dossiers, random);
      const online = Math.round((received * s.onlineShare) / 100);
      const resolved = around(prof.dossiers * 0.95, random);
      const onTime = Math.round((resolved * s.onTimeShare) / 100);
      s.receivedOnline += online;
      s.receivedOffline += received - online;
      s.resolvedOnTime += onTime;
      s.resolvedLate += resolved - onTime;
      s.receivedToday += received;
      return {
        flow: 'dossiers', key: `dossiers:${p}`, agency: 'VPCP', readings: 9,
        query: `mutation SimulatorDossiers($flows: [DossierFlowInput!]!, $today: [ObservationInput!]!) {
  recordDossiers(input: $flows) ${SUMMARY}
  reportGovernanceObservations(input: $today) ${SUMMARY}
}`,
        variables: {
          flows: [{ unitCode, period: s.year, receivedOnline: s.receivedOnline, receivedOffline: s.receivedOffline,
            resolvedOnTime: s.resolvedOnTime, resolvedLate: s.resolvedLate, status: 'E', source: 'simulator' }],
          today: [{ indicatorCode: 'GOV_DOSSIERS_RECEIVED_TODAY', unitCode, period: s.day, value: s.receivedToday, status: 'E', source: 'simulator' }],
        },
      };
    },
    resume: {
      query(now) {
        const year = String(now.getUTCFullYear());
        const units = ARTICLE_PROVINCES.map((p) => unitOn(p, now));
        return `{
  ${units.map((u, i) => `${alias(i)}: dossierFlows(unitCode: "${u}", from: "${year}", to: "${year}") { period receivedOnline receivedOffline resolvedOnTime resolvedLate }`).join('\n  ')}
  today: governanceIndicator(code: "GOV_DOSSIERS_RECEIVED_TODAY") { ${units.map((u, i) => `${alias(i)}: latest(unitCode: "${u}") { period value }`).join(' ')} }
}`;
      },
      apply(data, now) {
        const today = data.today as Record<string, { period: string; value: number } | null> | null;
        ARTICLE_PROVINCES.forEach((p, i) => {
          const s = stateOf(p, now);
          const flow = (data[alias(i)] as Omit<DossierState, 'year'>[] | undefined)?.[0];
          if (flow) Object.assign(s, { receivedOnline: flow.receivedOnline, receivedOffline: flow.receivedOffline, resolvedOnTime: flow.resolvedOnTime, resolvedLate: flow.resolvedLate });
          const t = today?.[alias(i)];
          if (t?.period === s.day) s.receivedToday = t.value;
        });
      },
    },
  };
}

/** Today's running count of an indicator per unit (DAILY, `YYYY-MM-DD`), growing by `perPost`. */
export function dailyCountFlow(spec: {
  name: string;
  pillar: 'governance' | 'economy' | 'society';
  indicatorCode: string;
  agency: string;
  perPost: (p: Profile) => number;
  profiles?: Record<ArticleProvince, Profile>;
}): Flow {
  const profiles = spec.profiles ?? PROFILES;
  const counts = new Map<ArticleProvince, { day: string; value: number }>();
  const pick = rotation();
  const countOf = (p: ArticleProvince, now: Date) => {
    const day = utcDay(now);
    let c = counts.get(p);
    if (!c || c.day !== day) counts.set(p, (c = { day, value: 0 }));
    return c;
  };
  return {
    name: spec.name,
    next({ now, random }) {
      const p = pick();
      const c = countOf(p, now);
      c.value += around(spec.perPost(profiles[p]), random);
      return {
        flow: spec.name, key: `${spec.name}:${p}`, agency: spec.agency, readings: 1,
        query: `mutation Simulator${cap(spec.name)}($input: [ObservationInput!]!) { report${cap(spec.pillar)}Observations(input: $input) ${SUMMARY} }`,
        variables: { input: [{ indicatorCode: spec.indicatorCode, unitCode: unitOn(p, now), period: c.day, value: c.value, status: 'E', source: 'simulator' }] },
      };
    },
    resume: {
      query: (now) =>
        `{ indicator: ${spec.pillar}Indicator(code: "${spec.indicatorCode}") { ${ARTICLE_PROVINCES.map((p, i) => `${alias(i)}: latest(unitCode: "${unitOn(p, now)}") { period value }`).join(' ')} } }`,
      apply(data, now) {
        const latest = data.indicator as Record<string, { period: string; value: number } | null> | null;
        ARTICLE_PROVINCES.forEach((p, i) => {
          const c = countOf(p, now);
          const l = latest?.[alias(i)];
          if (l?.period === c.day) c.value = l.value;
        });
      },
    },
  };
}

/** Speed tests (LIVE, a timestamp per reading): mobile and fixed download speeds wander around the seeded figures. */
export function speedTestFlow(profiles = PROFILES): Flow {
  const speeds = new Map<ArticleProvince, { mobile: number; fixed: number }>();
  const pick = rotation();
  return {
    name: 'speedtests',
    next({ now, random }) {
      const p = pick();
      const prof = profiles[p];
      const s = speeds.get(p) ?? { mobile: prof.mobileMbps, fixed: prof.fixedMbps };
      s.mobile = walk(s.mobile, { anchor: prof.mobileMbps, step: 3, min: 2, max: 150 }, random);
      s.fixed = walk(s.fixed, { anchor: prof.fixedMbps, step: 5, min: 5, max: 300 }, random);
      speeds.set(p, s);
      const base = { unitCode: unitOn(p, now), period: now.toISOString(), status: 'E', source: 'simulator' };
      return {
        flow: 'speedtests', key: `speedtests:${p}`, agency: 'BTTTT', readings: 2,
        query: `mutation SimulatorSpeedTests($input: [ObservationInput!]!) { reportSocietyObservations(input: $input) ${SUMMARY} }`,
        variables: {
          input: [
            { ...base, indicatorCode: 'SOC_SPEEDTEST_MOBILE_MBPS', value: round2(s.mobile) },
            { ...base, indicatorCode: 'SOC_SPEEDTEST_FIXED_MBPS', value: round2(s.fixed) },
          ],
        },
      };
    },
  };
}

/** The four demo flows, in the order the loop takes turns. */
export function defaultFlows(): Flow[] {
  return [
    dossierFlow(),
    dailyCountFlow({ name: 'einvoices', pillar: 'economy', indicatorCode: 'ECO_EINVOICES_ISSUED', agency: 'TCT', perPost: (p) => p.einvoices }),
    dailyCountFlow({ name: 'households', pillar: 'society', indicatorCode: 'SOC_HOUSEHOLDS_REACHED', agency: 'BTTTT', perPost: (p) => p.households }),
    speedTestFlow(),
  ];
}

/** Reasons of the rows a post's summaries rejected (every mutation field answers `{ rejected rows { reason } }`). */
export function rejectedReasons(data: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  for (const v of Object.values(data ?? {})) {
    const s = v as { rejected?: number; rows?: { reason: string | null }[] } | null;
    if (s?.rejected) out.push(...(s.rows ?? []).map((r) => r.reason).filter((r): r is string => !!r));
  }
  return out;
}
