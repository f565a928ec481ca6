import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@ioc-graph/kit/internal';
import { CompositionError, type SubgraphSdl, composeSdls, fetchSubgraphSdl } from './compose';
import { type PolicyViolation, checkPolicy } from './check/policy';
import { CORE_SUBGRAPHS, isCore } from './core';
import { SdlCache } from './sdl-cache';
import { type SubgraphEntry, type UnresolvedEntry, readSupergraphConfigFile } from './supergraph-config';
import { loadLocalSecrets } from '@ioc-graph/kit/internal';

/** The trigger of the manager's own reloads while a subgraph is unavailable. */
const RETRY_TRIGGER = 'retry unavailable subgraphs';

/** Where a subgraph's schema in the served supergraph came from, and whether it answers. */
export type SubgraphState =
  /** It answered with its schema. */
  | { kind: 'live' }
  /** Its schema is a file (`schema.file`). */
  | { kind: 'file' }
  /** It did not answer: composed from its last known schema; its fields answer with errors until it is back. */
  | { kind: 'unavailable'; from: 'memory' | 'cache'; reason: string }
  /** Its new schema did not compose: its previous one is kept, or (none) it is left out. */
  | { kind: 'refused'; kept: 'previous' | 'none'; problems: string[] }
  /** It did not answer and no schema of it is known: left out of the graph. */
  | { kind: 'left-out'; reason: string }
  /**
   * Its `supergraph.yaml` entry cannot be used (`env-missing`: set the variables in `missing`;
   * `invalid`: a bad value, or `unsigned`: no context secret): left out of the graph, also at a
   * reload (its previous schema is dropped: the gateway cannot call it as configured), until the
   * config or the secrets file is fixed (both are watched).
   */
  | { kind: 'misconfigured'; cause: UnresolvedEntry['kind']; missing: string[]; reason: string };

export interface SubgraphStatus {
  name: string;
  url: string;
  state: SubgraphState;
}

/** What a (re)composition did. */
export type ReloadOutcome =
  | { kind: 'updated'; trigger: string; at: string; changed: string[]; subgraphs: SubgraphStatus[] }
  | { kind: 'unchanged'; trigger: string; at: string; subgraphs: SubgraphStatus[] }
  /** Nothing new is served: the last good supergraph stays. */
  | { kind: 'failed'; trigger: string; at: string; problems: string[] };

/** The manager's life: composing the first graph, serving one, stopped. */
export type ManagerState =
  | { kind: 'starting' }
  | { kind: 'serving'; supergraphSdl: string; composedAt: string; subgraphs: SubgraphStatus[]; lastReload: ReloadOutcome | null }
  | { kind: 'stopped' };

export interface SupergraphManagerOptions {
  /** The rover `supergraph.yaml`; re-read at each reload. */
  configFile: string;
  /** Folder that relative schema files are read from. @default the config file's folder */
  baseDir?: string;
  /** Folder of the last known SDL of each subgraph. */
  cacheDir: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** At start, how long to wait for a core subgraph. @default 30000 */
  coreTimeoutMs?: number;
  /** How long to wait for a partner at start, and for any subgraph at a reload. @default 3000 */
  fetchTimeoutMs?: number;
  /** While a subgraph is unavailable or left out, recompose this often to take it back. 0 = never. @default 10000 */
  retryUnavailableMs?: number;
  /**
   * How often to fetch each subgraph's schema (SDL, or its file) and recompose when one changed: a
   * partner restarted with a new schema is taken in (or refused, keeping its previous one) without a
   * reload. 0 = never. @default 30000
   */
  pollSchemasMs?: number;
  /** Config file changes within this window make one reload. @default 300 */
  debounceMs?: number;
  /** @default CORE_SUBGRAPHS */
  core?: readonly string[];
  /**
   * Called with the config's usable entries, and the environment they were read with, each time it
   * is read (start, reload), before composing. It returns the partner entries it cannot use (e.g. no
   * context secret): these are left out as `misconfigured`; throwing fails the whole (re)load.
   */
  onConfig?: (entries: SubgraphEntry[], env: NodeJS.ProcessEnv) => UnresolvedEntry[] | void;
}

/** Called with each newly served supergraph and the subgraphs whose schema or URL changed (added and removed too). */
export type SupergraphListener = (supergraphSdl: string, changed: string[]) => unknown;

interface Candidate extends SubgraphSdl {
  state: SubgraphState;
}

/**
 * Keeps the gateway's supergraph: composes it at start and again when `supergraph.yaml` changes, on
 * SIGHUP, or when asked ({@link reload}); serves the last good graph when a new one fails. A subgraph
 * that does not answer is composed from its last known schema (memory, then the cache folder) and
 * marked unavailable; a partner whose schema does not compose keeps its previous version (or is left
 * out) instead of taking the graph down. The core subgraphs are never left out: without them there
 * is no graph to serve.
 */
export class SupergraphManager {
  private state: ManagerState = { kind: 'starting' };
  private readonly cache: SdlCache;
  private readonly core: readonly string[];
  /** The schemas in the served graph, by subgraph. */
  private served = new Map<string, SubgraphSdl>();
  private readonly listeners: SupergraphListener[] = [];
  private readonly reloadListeners: (() => void)[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private queued: Promise<ReloadOutcome> | null = null;
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  /** The usable entries of the config as last read. */
  private entries: SubgraphEntry[] = [];
  /** Hash of the schema each subgraph last gave (served, refused or not): a change makes a recomposition. */
  private readonly seen = new Map<string, string>();
  private readonly onSighup = () => void this.reload('SIGHUP');

  constructor(private readonly o: SupergraphManagerOptions) {
    this.cache = new SdlCache(o.cacheDir);
    this.core = o.core ?? CORE_SUBGRAPHS;
  }

  /** The supergraph being served. @throws Error before {@link start} */
  get supergraphSdl(): string {
    if (this.state.kind !== 'serving') throw new Error('No supergraph yet: call start() first');
    return this.state.supergraphSdl;
  }

  /** Runs `listener` after each change of the served supergraph. */
  onUpdate(listener: SupergraphListener): void {
    this.listeners.push(listener);
  }

  /** Called after every reload that served a graph, changed or not (a reload also reads the context secrets again), but the manager's own retries. */
  onReload(listener: () => void): void {
    this.reloadListeners.push(listener);
  }


  /**
   * Composes the first graph and starts watching.
   * @throws CompositionError or Error when the core subgraphs alone cannot make a graph
   */
  async start(): Promise<string> {
    const outcome = await this.compose('start');
    if (outcome.kind === 'failed') throw new CompositionError(outcome.problems.map((message) => ({ subgraphs: [], message })));
    this.watch();
    return this.supergraphSdl;
  }

  /**
   * Recomposes from the config file now (after any reload under way; reloads asked meanwhile are
   * one). Never throws: a failure keeps the last good graph and is in the outcome.
   */
  reload(trigger: string): Promise<ReloadOutcome> {
    if (this.queued) return this.queued;
    const next = this.chain.then(() => {
      this.queued = null;
      return this.compose(trigger);
    });
    this.queued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** For `/healthz`: what is served, each subgraph's state, and the last reload. */
  health(): Record<string, unknown> {
    const s = this.state;
    if (s.kind !== 'serving') return { state: s.kind };
    return {
      state: s.kind,
      composedAt: s.composedAt,
      subgraphs: Object.fromEntries(s.subgraphs.map((g) => [g.name, { url: g.url, ...g.state }])),
      lastReload: s.lastReload,
    };
  }

  /** The subgraphs of the served graph and their states. */
  subgraphs(): SubgraphStatus[] {
    return this.state.kind === 'serving' ? this.state.subgraphs : [];
  }

  /**
   * The environment `${env.X}` in the config reads: the process's, over the `*_CONTEXT_SECRET`
   * entries of the secrets file `npm start` keeps (`IOC_SECRETS_FILE`), re-read at each reload so a
   * partner's secret added there goes live without a restart.
   */
  env(): NodeJS.ProcessEnv {
    const env = this.o.env ?? process.env;
    if (!env.IOC_SECRETS_FILE) return env;
    try {
      const file = loadLocalSecrets(env.IOC_SECRETS_FILE);
      const contextSecrets = Object.entries(file).filter(([k]) => /^[A-Z][A-Z0-9_]*_CONTEXT_SECRET$/.test(k));
      return { ...Object.fromEntries(contextSecrets), ...env };
    } catch (err) {
      this.o.logger.warn({ err: (err as Error).message }, 'cannot read the secrets file; using the environment only');
      return env;
    }
  }

  /** Stops watching. */
  dispose(): void {
    this.state = { kind: 'stopped' };
    for (const w of this.watchers.splice(0)) w.close();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    process.off('SIGHUP', this.onSighup);
  }

  private watch(): void {
    // Watch the folders, not the files: editors and `mv` replace a file, which ends a file watch. The
    // secrets file (`IOC_SECRETS_FILE`) is watched too: a partner's `<NAME>_CONTEXT_SECRET` added there
    // after its entry in the config (whose reload was refused for want of it) goes live by itself.
    const env = this.o.env ?? process.env;
    const files = [path.resolve(this.o.configFile), ...(env.IOC_SECRETS_FILE ? [path.resolve(env.IOC_SECRETS_FILE)] : [])];
    const byDir = new Map<string, Set<string>>();
    for (const f of files) byDir.set(path.dirname(f), (byDir.get(path.dirname(f)) ?? new Set()).add(path.basename(f)));
    for (const [dir, names] of byDir) {
      try {
        const watcher = watch(dir, (_event, filename) => {
          if (filename && !names.has(filename.toString())) return;
          if (this.debounce) clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.reload('config file changed'), this.o.debounceMs ?? 300);
          this.debounce.unref();
        });
        watcher.on('error', (err) => this.o.logger.warn({ err: err.message, dir }, 'cannot watch the subgraph list; reload with SIGHUP'));
        this.watchers.push(watcher);
      } catch (err) {
        this.o.logger.warn({ err: (err as Error).message, file: [...names].join(', '), dir }, 'cannot watch the subgraph list; reload with SIGHUP');
      }
    }
    process.on('SIGHUP', this.onSighup);
    const every = this.o.pollSchemasMs ?? 30_000;
    if (every > 0) {
      this.pollTimer = setInterval(() => void this.pollSchemas(), every);
      this.pollTimer.unref();
    }
  }

  /**
   * Fetches every subgraph's schema and recomposes (as a reload: the same checks) when one differs
   * from the one it last gave. A subgraph that does not answer is left to the retry of unavailable ones.
   * @returns the subgraphs whose schema changed
   */
  async pollSchemas(): Promise<string[]> {
    if (this.polling || this.state.kind !== 'serving') return [];
    this.polling = true;
    try {
      const baseDir = this.o.baseDir ?? path.dirname(this.o.configFile);
      const changed = (
        await Promise.all(
          this.entries.map(async (e) => {
            const sdl = await fetchSubgraphSdl(e, baseDir, { timeoutMs: this.o.fetchTimeoutMs ?? 3000 }).catch(() => null);
            return sdl !== null && this.seen.get(e.name) !== hashSdl(sdl) ? e.name : null;
          }),
        )
      ).filter((n): n is string => n !== null);
      if (changed.length && this.state.kind === 'serving') {
        this.o.logger.info({ subgraphs: changed }, 'subgraph schema changed; composing again');
        await this.reload(`schema changed: ${changed.join(', ')}`);
      }
      return changed;
    } finally {
      this.polling = false;
    }
  }

  private async compose(trigger: string): Promise<ReloadOutcome> {
    const at = new Date().toISOString();
    const starting = this.state.kind === 'starting';
    if (this.state.kind === 'stopped') return { kind: 'failed', trigger, at, problems: ['the gateway is stopping'] };
    let outcome: ReloadOutcome;
    try {
      const env = this.env();
      // A partner entry that cannot be resolved is left out (its state says why); a core one throws.
      const config = await readSupergraphConfigFile(this.o.configFile, env, this.core);
      const refused = this.o.onConfig?.(config.entries, env) ?? [];
      const unresolved = [...config.unresolved, ...refused];
      const entries = config.entries.filter((e) => !refused.some((r) => r.name === e.name));
      this.entries = entries;
      outcome = await this.composeEntries(entries, unresolved, trigger, at, starting);
    } catch (err) {
      const problems = err instanceof CompositionError ? err.problems : [(err as Error).message];
      outcome = { kind: 'failed', trigger, at, problems };
    }
    this.report(outcome, starting);
    this.scheduleRetry();
    return outcome;
  }

  private async composeEntries(entries: SubgraphEntry[], unresolved: UnresolvedEntry[], trigger: string, at: string, starting: boolean): Promise<ReloadOutcome> {
    const missingCore = this.core.filter((name) => !entries.some((e) => e.name === name));
    // On a graph `npm start` runs, the fix is a line in its secrets file: say which file.
    const secretsFile = (this.o.env ?? process.env).IOC_SECRETS_FILE;
    const where = (u: UnresolvedEntry) =>
      secretsFile && u.missing.length ? `; set it in the gateway's environment or add it to ${secretsFile} (read again at every reload)` : '';
    const misconfigured: Candidate[] = unresolved.map((u) => ({
      name: u.name, url: '', sdl: '', state: { kind: 'misconfigured', cause: u.kind, missing: u.missing, reason: u.reason + where(u) },
    }));
    if (missingCore.length) throw new Error(`${this.o.configFile} lacks the core subgraph(s) ${missingCore.join(', ')}`);
    const candidates = [...(await Promise.all(entries.map((e) => this.candidate(e, starting)))), ...misconfigured];
    const statuses = new Map<string, SubgraphStatus>(candidates.map((c) => [c.name, { name: c.name, url: c.url, state: c.state }]));
    let set: SubgraphSdl[] = candidates.filter((c) => c.sdl);
    const downCore = candidates.filter((c) => isCore(c.name, this.core) && !c.sdl);
    if (downCore.length) {
      throw new Error(downCore.map((c) => `core subgraph ${c.name}: ${(c.state as { reason: string }).reason}`).join('; '));
    }
    set = this.withinPolicy(set, statuses);
    // Each round takes the partners a problem names out (back to their previous schema, or out of
    // the graph) and composes again; the core alone failing keeps the last good graph.
    for (let round = 0; ; round++) {
      try {
        const { supergraphSdl } = composeSdls(set);
        return await this.serve(supergraphSdl, set, [...statuses.values()], trigger, at);
      } catch (err) {
        if (!(err instanceof CompositionError) || round >= 3) throw err;
        let blamed = new Set(err.details.flatMap((d) => d.subgraphs).filter((n) => !isCore(n, this.core)));
        if (!blamed.size) {
          // A problem without a location: blame the partners that differ from the served graph.
          blamed = new Set(set.filter((c) => !isCore(c.name, this.core) && this.served.get(c.name)?.sdl !== c.sdl).map((c) => c.name));
        }
        if (!blamed.size) throw err;
        const next: SubgraphSdl[] = [];
        for (const c of set) {
          if (!blamed.has(c.name)) {
            next.push(c);
            continue;
          }
          const previous = this.served.get(c.name);
          const keep = previous && previous.sdl !== c.sdl ? previous : null;
          if (keep) next.push(keep);
          const problems = err.problems.filter((p) => p.includes(c.name) || !err.details.some((d) => d.subgraphs.length));
          statuses.set(c.name, { name: c.name, url: c.url, state: { kind: 'refused', kept: keep ? 'previous' : 'none', problems } });
        }
        set = next;
      }
    }
  }

  /**
   * The set without partners whose schema breaks the partner policy (`ioc subgraph check`'s rules:
   * a core prefix or type, another key for `AdministrativeUnit`, `@override`/`@provides` of core
   * fields; see check/policy.ts) — held at every (re)load and schema poll, not only by the check a
   * partner runs before going live: one that restarts with such a schema is refused, keeping its
   * previous one, as one that does not compose. Prefixes are checked against the partners admitted before.
   */
  private withinPolicy(set: SubgraphSdl[], statuses: Map<string, SubgraphStatus>): SubgraphSdl[] {
    const coreSdls = Object.fromEntries(set.filter((c) => isCore(c.name, this.core)).map((c) => [c.name, c.sdl]));
    // Each partner is checked against the partners admitted before it in this pass (not only those
    // served before it: two joining at once, or at the start, would both be admitted, and the next
    // reload would refuse both and drop them). Those the graph serves as they are go first, so a
    // newcomer clashing with one is refused, never the one already served.
    const unchanged = (c: SubgraphSdl) => this.served.get(c.name)?.sdl === c.sdl;
    const partners = set.filter((c) => !isCore(c.name, this.core));
    const ordered = [...partners.filter(unchanged), ...partners.filter((c) => !unchanged(c))];
    const admitted = new Map<string, SubgraphSdl>();
    for (const c of ordered) {
      const others = Object.fromEntries([...admitted.values()].map((o) => [o.name, o.sdl]));
      let violations: PolicyViolation[];
      try {
        violations = checkPolicy({ name: c.name, sdl: c.sdl }, coreSdls, others);
      } catch {
        admitted.set(c.name, c); // an SDL that does not parse: composition names the problem
        continue;
      }
      if (!violations.length) {
        admitted.set(c.name, c);
        continue;
      }
      const previous = this.served.get(c.name);
      const keep = previous && previous.sdl !== c.sdl ? previous : null;
      statuses.set(c.name, { name: c.name, url: c.url, state: { kind: 'refused', kept: keep ? 'previous' : 'none', problems: violations.map((v) => `policy: ${v.message}`) } });
      if (keep) admitted.set(c.name, keep);
    }
    return set.flatMap((c) => (isCore(c.name, this.core) ? [c] : admitted.has(c.name) ? [admitted.get(c.name)!] : []));
  }

  /** A subgraph's schema: live, else from memory, else from the cache folder; or none. */
  private async candidate(entry: SubgraphEntry, starting: boolean): Promise<Candidate> {
    const base = { name: entry.name, url: entry.routingUrl };
    const timeoutMs = starting && isCore(entry.name, this.core) ? (this.o.coreTimeoutMs ?? 30_000) : (this.o.fetchTimeoutMs ?? 3000);
    try {
      const sdl = await fetchSubgraphSdl(entry, this.o.baseDir ?? path.dirname(this.o.configFile), {
        timeoutMs,
        onWait: (name, reason) => this.o.logger.info({ subgraph: name, reason }, `waiting for subgraph ${name}`),
      });
      this.seen.set(entry.name, hashSdl(sdl));
      return { ...base, sdl, state: { kind: 'file' in entry.schema ? 'file' : 'live' } };
    } catch (err) {
      const reason = (err as Error).message;
      const inMemory = this.served.get(entry.name);
      if (inMemory) return { ...base, sdl: inMemory.sdl, state: { kind: 'unavailable', from: 'memory', reason } };
      const cached = await this.cache.read(entry.name);
      if (cached) return { ...base, sdl: cached, state: { kind: 'unavailable', from: 'cache', reason } };
      return { ...base, sdl: '', state: { kind: 'left-out', reason } };
    }
  }

  private async serve(supergraphSdl: string, set: SubgraphSdl[], statuses: SubgraphStatus[], trigger: string, at: string): Promise<ReloadOutcome> {
    const next = new Map(set.map((s) => [s.name, s]));
    const changed = [...new Set([...next.keys(), ...this.served.keys()])].filter((name) => {
      const a = this.served.get(name);
      const b = next.get(name);
      return !a || !b || a.sdl !== b.sdl || a.url !== b.url;
    });
    for (const s of statuses) {
      if (s.state.kind === 'live' && next.get(s.name)) {
        await this.cache.write(s.name, next.get(s.name)!.sdl).catch((err: Error) =>
          this.o.logger.warn({ err: err.message, subgraph: s.name }, 'cannot cache the subgraph schema'),
        );
      }
    }
    const previous = this.state.kind === 'serving' ? this.state.supergraphSdl : null;
    this.served = next;
    const same = previous === supergraphSdl;
    const outcome: ReloadOutcome = same
      ? { kind: 'unchanged', trigger, at, subgraphs: statuses }
      : { kind: 'updated', trigger, at, changed, subgraphs: statuses };
    this.state = { kind: 'serving', supergraphSdl, composedAt: same && this.state.kind === 'serving' ? this.state.composedAt : at, subgraphs: statuses, lastReload: null };
    if (!same && previous !== null) {
      for (const l of this.listeners) {
        const failed = (err: unknown) => this.o.logger.error({ err }, 'a supergraph listener failed');
        try {
          void Promise.resolve(l(supergraphSdl, changed)).catch(failed);
        } catch (err) {
          failed(err);
        }
      }
    }
    return outcome;
  }

  private report(outcome: ReloadOutcome, starting: boolean): void {
    if (this.state.kind === 'serving') this.state = { ...this.state, lastReload: outcome };
    const log = this.o.logger;
    if (outcome.kind === 'failed') {
      log.error({ trigger: outcome.trigger, problems: outcome.problems }, starting ? 'the graph does not compose' : 'reload refused; still serving the last good graph');
      return;
    }
    for (const s of outcome.subgraphs) {
      if (s.state.kind === 'unavailable') log.warn({ subgraph: s.name, reason: s.state.reason, from: s.state.from }, `subgraph ${s.name} is unavailable; composed from its last known schema`);
      if (s.state.kind === 'misconfigured') log.error({ subgraph: s.name, cause: s.state.cause, missing: s.state.missing, reason: s.state.reason }, `subgraph ${s.name} left out: ${s.state.reason}`);
      if (s.state.kind === 'left-out') log.warn({ subgraph: s.name, reason: s.state.reason }, `subgraph ${s.name} is unavailable and has no known schema; left out of the graph`);
      if (s.state.kind === 'refused') log.error({ subgraph: s.name, problems: s.state.problems, kept: s.state.kept }, `subgraph ${s.name} refused: its schema does not compose`);
    }
    if (outcome.kind === 'updated' && !starting) log.info({ trigger: outcome.trigger, changed: outcome.changed }, 'supergraph reloaded');
    // Not after its own retries of unavailable subgraphs (every 10 s while one is down): those read nothing new.
    if (!starting && outcome.trigger !== RETRY_TRIGGER) {
      for (const l of this.reloadListeners) {
        try {
          l();
        } catch (err) {
          log.error({ err }, 'a reload listener failed');
        }
      }
    }
  }

  /** While a subgraph is down, try again now and then, so it joins when it is back. */
  private scheduleRetry(): void {
    const every = this.o.retryUnavailableMs ?? 10_000;
    if (!every || this.retryTimer || this.state.kind !== 'serving') return;
    const waiting = this.state.subgraphs.some((s) => s.state.kind === 'unavailable' || s.state.kind === 'left-out');
    if (!waiting) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reload(RETRY_TRIGGER);
    }, every);
    this.retryTimer.unref();
  }
}

const hashSdl = (sdl: string): string => createHash('sha256').update(sdl).digest('hex');
