import { el } from './dom';
import type { WallColumn, WallPage } from './layout';
import { Tile, type TileContext } from './tile';

/** The rows of the layout's full columns (9 tiles, 3 per row): fewer tiles keep that height. */
const MIN_ROWS = 3;

interface ColumnView {
  pageId: string;
  column: WallColumn;
  root: HTMLElement;
  body: HTMLElement;
  error: HTMLElement;
}

/**
 * The tiles on the wall's pages, by indicator and by pillar: builds a page's columns and tiles, and
 * shows a pillar's trouble on that pillar's columns only.
 */
export class Board {
  private readonly tiles = new Map<string, Tile[]>();
  private readonly columns: ColumnView[] = [];

  constructor(private readonly ctx: TileContext) {}

  tilesOf(code: string): Tile[] {
    return this.tiles.get(code) ?? [];
  }

  allTiles(): Tile[] {
    return [...this.tiles.values()].flat();
  }

  columnsOf(pillar: string): WallColumn[] {
    return this.columns.filter((c) => c.column.pillar === pillar).map((c) => c.column);
  }

  /** Pillars shown on some page. */
  pillars(): string[] {
    return [...new Set(this.columns.map((c) => c.column.pillar))];
  }

  /** The element of a page: its columns, each with its title, an error line and its tiles. */
  buildPage(page: WallPage): HTMLElement {
    const pageEl = el('div', 'page');
    pageEl.dataset.page = page.id;
    pageEl.style.setProperty('--columns', String(page.columns.length));
    for (const column of page.columns) {
      const root = el('section', `column pillar-${column.pillar}`);
      root.dataset.pillar = column.pillar;
      const head = el('h2', 'column-title', column.title);
      const error = el('span', 'column-error');
      head.append(error);
      const body = el('div', 'column-tiles');
      root.append(head, body);
      pageEl.append(root);
      const view: ColumnView = { pageId: page.id, column, root, body, error };
      this.columns.push(view);
      for (const t of column.tiles) this.addTile(view, new Tile(t, column.pillar, this.ctx));
      this.fit(view);
    }
    return pageEl;
  }

  /** Forgets a page's columns and their tiles (its element is removed by the deck). */
  dropPage(pageId: string): void {
    for (let i = this.columns.length - 1; i >= 0; i--) {
      const view = this.columns[i];
      if (view.pageId !== pageId) continue;
      this.columns.splice(i, 1);
      for (const tileEl of view.body.children) {
        const code = (tileEl as HTMLElement).dataset.indicator!;
        const left = this.tilesOf(code).filter((t) => t.root !== tileEl);
        if (left.length) this.tiles.set(code, left);
        else this.tiles.delete(code);
      }
    }
  }

  /** On the pillar's automatic columns (partner pages), a tile for each indicator not shown yet. */
  addAutoTiles(pillar: string, codes: string[]): void {
    for (const view of this.columns.filter((c) => c.column.pillar === pillar && c.column.auto)) {
      for (const code of codes) {
        if (this.tilesOf(code).some((t) => view.body.contains(t.root))) continue;
        this.addTile(view, new Tile({ indicator: code }, pillar, this.ctx));
      }
      this.fit(view);
    }
  }

  /** Shows (or clears, with null) why a pillar's data is missing or partial, on its columns only. */
  setPillarError(pillar: string, message: string | null): void {
    for (const view of this.columns.filter((c) => c.column.pillar === pillar)) {
      view.error.textContent = message ?? '';
      view.error.title = message ?? '';
      view.root.classList.toggle('failed', !!message);
      if (message) view.root.dataset.error = message;
      else delete view.root.dataset.error;
    }
  }

  private addTile(view: ColumnView, tile: Tile): void {
    this.tiles.set(tile.code, [...this.tilesOf(tile.code), tile]);
    view.body.append(tile.root);
  }

  /**
   * Rows and tiles per row of a column's grid, from how many tiles it has. A few tiles keep the size
   * of a full column's (the grid keeps its tiles per row and at least {@link MIN_ROWS} rows, the
   * empty cells stay empty): one tile must not stretch across the screen.
   */
  private fit(view: ColumnView): void {
    const n = Math.max(1, view.body.childElementCount);
    const perRow = view.column.tilesPerRow ?? (view.column.auto ? 4 : 2);
    view.body.style.setProperty('--per-row', String(perRow));
    view.body.style.setProperty('--rows', String(Math.max(MIN_ROWS, Math.ceil(n / perRow))));
  }
}
