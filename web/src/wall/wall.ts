import { type LiveField, type UnitData, discoverLiveFields, loadAgencies } from './api';
import { Board } from './board';
import { PageDeck } from './deck';
import { debug } from './debug';
import { GraphWatch } from './graph-watch';
import { showLiveState } from './header';
import type { WallLayout, WallPage, WallParams } from './layout';
import { LiveFeed } from './live';
import { PillarNames } from './pillar-names';
import { PillarView, type WallContext } from './pillar';
import { TargetCache } from './targets';

const GRAPHQL = new URL('/graphql', location.href).toString();
const WS = GRAPHQL.replace(/^http/, 'ws');

/**
 * The running wall for one unit: the layout's pages, a page per partner pillar, one
 * {@link PillarView} per pillar in the graph, one live socket, and a {@link GraphWatch} that adds
 * and drops pillars as the graph changes, without a reload.
 */
export class Wall {
  private readonly views = new Map<string, PillarView>();
  private readonly deck: PageDeck;
  private readonly ctx: WallContext;
  private readonly layoutPillars: Set<string>;
  private readonly watch: GraphWatch;
  private readonly names = new PillarNames();

  constructor(
    private readonly layout: WallLayout,
    params: WallParams,
    unit: UnitData,
  ) {
    const timeZone = layout.timeZone ?? 'Asia/Ho_Chi_Minh';
    const targetYear = layout.targetYear ?? new Date().getFullYear();
    const targets = new TargetCache(GRAPHQL, unit.code);
    const board = new Board({
      timeZone,
      stale: { graceDays: layout.staleGraceDays ?? {}, liveStaleMinutes: layout.liveStaleMinutes ?? 15 },
      targetFor: (code, year) => targets.get(code, year),
      targetYear,
    });
    const feed = new LiveFeed({
      url: WS,
      onState: showLiveState,
      onSubscription: (field, why) => [...this.views.values()].find((v) => v.owns(field))?.onFeedTrouble(why),
      onConnected: (first) => {
        if (first) return;
        this.watch.now();
        for (const v of this.views.values()) v.retryNow();
      },
    });
    debug.cursors = () => feed.cursors();
    let agencies: Promise<Map<string, string>> | null = null;
    this.ctx = {
      graphql: GRAPHQL,
      unit,
      board,
      targets,
      feed,
      agencies: () => (agencies ??= loadAgencies(GRAPHQL)),
      targetYear,
      timeZone,
      alertUnits: [unit.code, ...(unit.children ?? []).map((c) => c.code)],
      unitNames: new Map([[unit.code, unit.name], ...(unit.children ?? []).map((c) => [c.code, c.name] as [string, string])]),
    };
    this.deck = new PageDeck(params);
    for (const page of layout.pages) this.deck.add(page, board.buildPage(page));
    this.layoutPillars = new Set(board.pillars());
    this.watch = new GraphWatch({ discover: () => discoverLiveFields(GRAPHQL), onFields: (f) => this.sync(f) });
    // "cập nhật lúc" and the stale marks move with the clock.
    setInterval(() => board.allTiles().forEach((t) => t.render()), 30_000);
  }

  /** Settles when every pillar has answered once (or failed once). */
  async firstLoad(): Promise<void> {
    await Promise.allSettled([...this.views.values()].map((v) => v.firstLoad));
  }

  /**
   * Brings the pillars in step with the graph's live fields: a new pillar gets its view (and, for a
   * partner, its page); a partner that left loses its page; a layout pillar that left keeps its
   * columns with a note.
   */
  sync(fields: LiveField[]): void {
    const { board } = this.ctx;
    const inGraph = new Map(fields.map((f) => [f.pillar, f]));
    for (const pillar of this.layoutPillars) {
      const f = inGraph.get(pillar);
      if (f && !this.views.has(pillar)) this.views.set(pillar, new PillarView(f, this.ctx));
      if (!f) {
        this.views.get(pillar)?.dispose();
        this.views.delete(pillar);
        board.setPillarError(pillar, 'Trụ cột này hiện không có trong đồ thị');
        debug.pillars[pillar] = 'absent';
      }
    }
    for (const f of fields) {
      if (this.layoutPillars.has(f.pillar) || !f.hasIndicatorsQuery || this.layout.partnerPages === false) continue;
      const name = this.names.of(f);
      if (this.views.has(f.pillar)) {
        this.deck.retitle(f.pillar, name.vi);
        continue;
      }
      const title = name.en ? `${name.vi} · ${name.en}` : name.vi;
      const page: WallPage = { id: f.pillar, title: name.vi, columns: [{ pillar: f.pillar, title, tilesPerRow: 4, tiles: [], auto: true }] };
      this.deck.add(page, board.buildPage(page));
      this.views.set(f.pillar, new PillarView(f, this.ctx));
    }
    for (const [pillar, view] of this.views) {
      if (this.layoutPillars.has(pillar) || inGraph.has(pillar)) continue;
      view.dispose();
      this.views.delete(pillar);
      board.dropPage(pillar);
      this.deck.remove(pillar);
    }
  }
}

/** A graph that answered no live fields (an older gateway): the layout's pillars by the contract's names. */
export function assumedFields(layout: WallLayout): LiveField[] {
  const pillars = [...new Set(layout.pages.flatMap((p) => p.columns.map((c) => c.pillar)))];
  return pillars.map((p) => ({ pillar: p, readingsField: `${p}Readings`, alertsField: `${p}Alerts`, hasIndicatorsQuery: true }));
}
