import type { TileConfig } from './tile';
import type { Frequency } from './period';

/** The operator's layout file (wall/layout.json, served at /wall/layout.json). */
export interface WallLayout {
  title?: string;
  defaultUnit?: string;
  /** Seconds per page; 0 keeps the first page. */
  rotateSeconds?: number;
  kiosk?: boolean;
  timeZone?: string;
  /** Year whose target is shown on a tile that has no reading yet. */
  targetYear?: number;
  staleGraceDays?: Partial<Record<Frequency, number>>;
  liveStaleMinutes?: number;
  /** Add a page for every partner pillar found by introspection and not placed in `pages`. */
  partnerPages?: boolean;
  pages: WallPage[];
}

export interface WallPage {
  id: string;
  title: string;
  columns: WallColumn[];
}

export interface WallColumn {
  /** Field prefix of the pillar: governance, economy, society, or a partner's (health…). */
  pillar: string;
  title: string;
  tilesPerRow?: number;
  tiles: TileConfig[];
  /** No tiles listed: the pillar's indicators that have data for the unit (partner pages). */
  auto?: boolean;
}

export async function fetchLayout(): Promise<{ layout: WallLayout; text: string }> {
  const res = await fetch('/wall/layout.json', { cache: 'no-store' });
  const text = await res.text();
  if (!res.ok) throw new Error(`/wall/layout.json: HTTP ${res.status} ${text}`);
  const layout = JSON.parse(text) as WallLayout;
  if (!Array.isArray(layout.pages) || !layout.pages.length) throw new Error('/wall/layout.json: "pages" is empty');
  return { layout, text };
}

export interface WallParams {
  unit: string;
  page: string | null;
  rotateSeconds: number;
  kiosk: boolean;
}

/** URL parameters win over the layout: ?unit=19&page=tong-quan&rotate=30&kiosk=1 */
export function readParams(layout: WallLayout, search = location.search): WallParams {
  const q = new URLSearchParams(search);
  const flag = (v: string | null) => v !== null && v !== '0' && v !== 'false';
  const rotate = q.get('rotate');
  return {
    unit: q.get('unit') || layout.defaultUnit || '19',
    page: q.get('page'),
    rotateSeconds: rotate !== null && !Number.isNaN(Number(rotate)) ? Number(rotate) : (layout.rotateSeconds ?? 30),
    kiosk: q.has('kiosk') ? flag(q.get('kiosk')) : !!layout.kiosk,
  };
}

/** Reloads the wall when the operator changes the layout file (checked every minute). */
export function watchLayout(current: string): void {
  setInterval(async () => {
    try {
      const res = await fetch('/wall/layout.json', { cache: 'no-store' });
      if (!res.ok) return;
      const text = await res.text();
      JSON.parse(text);
      if (text !== current) location.reload();
    } catch {
      /* keep the current layout */
    }
  }, 60_000);
}
