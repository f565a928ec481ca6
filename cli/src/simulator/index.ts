import { signAccessToken } from '@ioc-graph/kit/internal';
import { request } from '../gateway-client';
import { type Flow, type Post, defaultFlows, rejectedReasons } from './flows';
import { type LoopStats, startLoop } from './loop';
import type { Random } from './random';

export { defaultFlows, dossierFlow, dailyCountFlow, speedTestFlow, PROFILES, type Flow, type Post } from './flows';
export { startLoop, type LoopStats } from './loop';
export { seededRandom, walk } from './random';
export { ARTICLE_PROVINCES, unitOn, utcDay } from './units';

export interface SimulatorOptions {
  /** The gateway's GraphQL URL. */
  gatewayUrl: string;
  /** Environment with the JWT secret the gateway verifies with (the system's env). */
  env: NodeJS.ProcessEnv;
  /** Readings per second. @default 1 */
  rate?: number;
  log: (line: string) => void;
  /** One summary line per this many posts. @default about one a minute, at least every 60 posts */
  logEvery?: number;
  flows?: Flow[];
  /** A reporter token of `agency`. @default signed with the shared signer (as `npm run token`) and `env`'s secret */
  tokenFor?: (agency: string) => string | Promise<string>;
  now?: () => Date;
  random?: Random;
}

export interface RunningSimulator {
  stats: LoopStats;
  stop(): Promise<void>;
}

/** Lifetime of the simulator's reporter tokens; they are signed again well before they expire. */
const TOKEN_TTL = '2h';
const TOKEN_RENEW_MS = 60 * 60 * 1000;

/**
 * Demo traffic: realistic flows posted through the gateway's mutations with reporter tokens of the
 * responsible agencies (signed like `npm run token`), so screens and subscriptions have something
 * live to show. Continues today's series where a previous run left them.
 */
export async function startSimulator(o: SimulatorOptions): Promise<RunningSimulator> {
  const rate = o.rate ?? 1;
  const now = o.now ?? (() => new Date());
  const flows = o.flows ?? defaultFlows();
  const tokens = new Map<string, { token: Promise<string>; at: number }>();
  const tokenFor = o.tokenFor ?? ((agency: string) => {
    let t = tokens.get(agency);
    if (!t || Date.now() - t.at > TOKEN_RENEW_MS) {
      t = { token: signAccessToken({ subject: `simulator@${agency}`, roles: ['reporter'], agency, expiresIn: TOKEN_TTL }, o.env, () => undefined), at: Date.now() };
      tokens.set(agency, t);
    }
    return t.token;
  });

  for (const flow of flows) {
    if (!flow.resume) continue;
    try {
      const at = now();
      flow.resume.apply(await request<Record<string, unknown>>({ url: o.gatewayUrl }, flow.resume.query(at)), at);
    } catch (err) {
      o.log(`simulator: ${flow.name} starts afresh (could not read what is stored: ${(err as Error).message})`);
    }
  }

  const send = async (post: Post) => {
    const data = await request<Record<string, unknown>>({ url: o.gatewayUrl, token: await tokenFor(post.agency) }, post.query, post.variables);
    const reasons = rejectedReasons(data);
    if (reasons.length) throw new Error(`rejected: ${reasons.join('; ')}`);
  };
  const loop = startLoop({
    flows, rate, send, log: o.log, now, random: o.random,
    logEvery: o.logEvery ?? Math.max(60, Math.round((60 * rate) / 3)),
  });
  return loop;
}
