import 'uplot/dist/uPlot.min.css';
import './wall.css';
import {
  type AlertData, type IndicatorData, type LiveField, type ReadingData, type UnitData,
  READING_FIELDS, discoverLiveFields, loadPillar, loadTargets, loadUnits,
} from './api';
import { STATUS_LABEL, formatClock, formatUpdatedAt, formatValue } from './format';
import { type WallColumn, type WallPage, type WallParams, fetchLayout, readParams } from './layout';
import { LiveFeed, type LiveState } from './live';
import { Tile, type TileContext } from './tile';

const GRAPHQL = new URL('/graphql', location.href).toString();
const WS = GRAPHQL.replace(/^http/, 'ws');
const PILLAR_TITLES: Record<string, string> = { governance: 'Chính quyền số', economy: 'Kinh tế số', society: 'Xã hội số' };
const ALERT_FIELDS = 'cursor indicatorCode unitCode period value target previousStatus status raisedAt';

/** What tests (and a curious operator's console) can read: `window.__wall`. */
interface WallDebug {
  ready: boolean;
  live: LiveState;
  liveDetail: string;
  cursors: () => Record<string, string | null>;
  page: string;
  received: number;
}
declare global {
  interface Window {
    __wall: WallDebug;
  }
}

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const debug: WallDebug = { ready: false, live: 'connecting', liveDetail: '', cursors: () => ({}), page: '', received: 0 };
window.__wall = debug;

/** Retries `fn` until it works, showing why on the banner meanwhile. */
async function untilOk<T>(what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const v = await fn();
      if (attempt) setBanner(null);
      return v;
    } catch (err) {
      setBanner(`Không tải được ${what} — đang thử lại…`, (err as Error).message);
      await sleep(Math.min(1000 * 2 ** attempt, 5000));
    }
  }
}

let bannerShownSince = 0;
function setBanner(text: string | null, detail = ''): void {
  const banner = $('#banner');
  if (!text) {
    banner.hidden = true;
    bannerShownSince = 0;
    return;
  }
  if (!bannerShownSince) bannerShownSince = Date.now();
  banner.hidden = false;
  $('#banner-text').textContent = text;
  $('#banner-detail').textContent = detail;
}

async function main(): Promise<void> {
  const { layout, text: layoutText } = await untilOk('bố cục màn hình', fetchLayout);
  const params = readParams(layout);
  const timeZone = layout.timeZone ?? 'Asia/Ho_Chi_Minh';
  document.body.classList.toggle('kiosk', params.kiosk);
  $('#title').textContent = layout.title ?? 'Trung tâm điều hành thông minh';
  watchLayout(layoutText);
  startClock(timeZone);

  const [{ unit, provinces }, discovered] = await untilOk('dữ liệu', () =>
    Promise.all([loadUnits(GRAPHQL, params.unit), discoverLiveFields(GRAPHQL)]),
  );
  renderUnitSelector(unit, provinces, params);
  if (!unit) {
    setBanner(`Không có đơn vị hành chính mã "${params.unit}"`, 'Chọn tỉnh ở góc trên.');
    return;
  }
  document.title = `IOC — ${unit.name}`;

  // Pages: the layout's, then one per partner pillar found by introspection and not in the layout.
  const pages: WallPage[] = [...layout.pages];
  const placed = new Set(pages.flatMap((p) => p.columns.map((c) => c.pillar)));
  const live: LiveField[] = discovered.length
    ? discovered
    : [...placed].map((p) => ({ pillar: p, readingsField: `${p}Readings`, alertsField: `${p}Alerts`, hasIndicatorsQuery: true }));
  if (layout.partnerPages !== false) {
    for (const f of live) {
      if (placed.has(f.pillar) || !f.hasIndicatorsQuery) continue;
      const title = PILLAR_TITLES[f.pillar] ?? f.pillar.charAt(0).toUpperCase() + f.pillar.slice(1);
      pages.push({ id: f.pillar, title, columns: [{ pillar: f.pillar, title, tilesPerRow: 4, tiles: [], auto: true }] });
    }
  }

  // Targets per (indicator, year), fetched as tiles need them.
  const targets = new Map<string, number | null>();
  const ctx: TileContext = {
    timeZone,
    stale: { graceDays: layout.staleGraceDays ?? {}, liveStaleMinutes: layout.liveStaleMinutes ?? 15 },
    targetFor: (code, year) => targets.get(`${code}@${year}`),
  };

  // Tiles by pillar and indicator; one indicator may sit on several pages.
  const tiles = new Map<string, Tile[]>();
  const tilesOf = (code: string) => tiles.get(code) ?? [];
  const stage = $('#pages');
  const columnBodies = new Map<WallColumn, HTMLElement>();
  const addTile = (column: WallColumn, tile: Tile) => {
    tiles.set(tile.code, [...tilesOf(tile.code), tile]);
    columnBodies.get(column)!.append(tile.root);
  };
  for (const page of pages) {
    const pageEl = el('div', 'page');
    pageEl.dataset.page = page.id;
    pageEl.style.setProperty('--columns', String(page.columns.length));
    for (const column of page.columns) {
      const col = el('section', `column pillar-${column.pillar}`);
      col.dataset.pillar = column.pillar;
      const head = el('h2', 'column-title', column.title);
      const body = el('div', 'column-tiles');
      const n = Math.max(1, column.tiles.length);
      const perRow = column.tilesPerRow ?? 2;
      body.style.setProperty('--per-row', String(perRow));
      body.style.setProperty('--rows', String(Math.ceil(n / perRow)));
      columnBodies.set(column, body);
      col.append(head, body);
      pageEl.append(col);
      for (const t of column.tiles) addTile(column, new Tile(t, column.pillar, ctx));
    }
    stage.append(pageEl);
  }
  renderPageTabs(pages);

  // The data: every pillar's indicators for the unit, with their series.
  const pillars = [...new Set(pages.flatMap((p) => p.columns.map((c) => c.pillar)))];
  const maxCursor = new Map<string, string>();
  const fallbackYear = layout.targetYear ?? new Date().getFullYear();
  const loadAll = async () => {
    for (const pillar of pillars) {
      const columns = pages.flatMap((p) => p.columns).filter((c) => c.pillar === pillar);
      const auto = columns.some((c) => c.auto);
      const codes = auto ? null : [...new Set(columns.flatMap((c) => c.tiles.map((t) => t.indicator)))];
      const list = await loadPillar(GRAPHQL, pillar, unit.code, codes, fallbackYear);
      for (const ind of list) {
        if (auto && !tilesOf(ind.code).length) {
          for (const c of columns.filter((x) => x.auto)) addTile(c, new Tile({ indicator: ind.code }, pillar, ctx));
        }
        targets.set(`${ind.code}@${fallbackYear}`, ind.target);
        for (const r of ind.series) {
          if (!maxCursor.has(pillar) || BigInt(r.cursor) > BigInt(maxCursor.get(pillar)!)) maxCursor.set(pillar, r.cursor);
        }
      }
      for (const c of columns.filter((x) => x.auto)) {
        const body = columnBodies.get(c)!;
        const n = Math.max(1, body.childElementCount);
        const perRow = Math.min(c.tilesPerRow ?? 4, n);
        body.style.setProperty('--per-row', String(perRow));
        body.style.setProperty('--rows', String(Math.ceil(n / perRow)));
      }
      await fetchTargets(pillar, list.map((i) => ({ code: i.code, year: yearOfLatest(i) ?? fallbackYear })));
      for (const ind of list) for (const t of tilesOf(ind.code)) t.setDefinition(ind);
    }
  };
  const fetchTargets = async (pillar: string, wanted: { code: string; year: number }[]) => {
    const missing = wanted.filter((w) => !targets.has(`${w.code}@${w.year}`));
    const got = await loadTargets(GRAPHQL, pillar, unit.code, missing);
    for (const [k, v] of got) targets.set(k, v);
  };
  await untilOk('số liệu', loadAll);

  // Live: one WebSocket, one subscription per pillar for readings and one for alerts.
  const feed = new LiveFeed({ url: WS, onState: (s, d) => onLiveState(s, d) });
  debug.cursors = () => feed.cursors();
  const alertUnits = [unit.code, ...(unit.children ?? []).map((c) => c.code)];
  const unitNames = new Map([[unit.code, unit.name], ...(unit.children ?? []).map((c) => [c.code, c.name] as [string, string])]);
  for (const f of live) {
    if (!pillars.includes(f.pillar)) continue;
    const columns = pages.flatMap((p) => p.columns).filter((c) => c.pillar === f.pillar);
    const codes = columns.some((c) => c.auto) ? null : [...new Set(columns.flatMap((c) => c.tiles.map((t) => t.indicator)))];
    const start = maxCursor.get(f.pillar) ?? null;
    feed.add({
      field: f.readingsField,
      selection: READING_FIELDS,
      unitCodes: [unit.code],
      indicatorCodes: codes,
      after: start,
      onEvent: (event) => {
        const r = event as unknown as ReadingData;
        debug.received++;
        if (r.unitCode !== unit.code) return;
        const year = Number(/^\d{4}/.exec(r.period)?.[0] ?? new Date(r.recordedAt).getUTCFullYear());
        const apply = () => tilesOf(r.indicatorCode).forEach((t) => t.apply(r));
        if (!targets.has(`${r.indicatorCode}@${year}`)) {
          apply(); // show the value now; the target follows
          void fetchTargets(f.pillar, [{ code: r.indicatorCode, year }]).then(() => tilesOf(r.indicatorCode).forEach((t) => t.render()), () => {});
        } else apply();
      },
    });
    if (f.alertsField) {
      feed.add({
        field: f.alertsField,
        selection: ALERT_FIELDS,
        unitCodes: alertUnits,
        indicatorCodes: null,
        // Alerts share the pillar's feed positions: start where the readings shown start.
        after: start,
        onEvent: (event) => pushAlert(event as unknown as AlertData, tilesOf, unitNames, timeZone),
      });
    }
  }

  // Page rotation, and a periodic redraw for "cập nhật lúc" and the stale marks.
  startRotation(pages, params);
  setInterval(() => tiles.forEach((ts) => ts.forEach((t) => t.render())), 30_000);
  debug.ready = true;
  document.body.dataset.ready = 'true';
}

function yearOfLatest(i: IndicatorData): number | null {
  const last = i.series[i.series.length - 1];
  if (!last) return null;
  const m = /^\d{4}/.exec(last.period);
  return m ? Number(m[0]) : new Date(last.recordedAt).getUTCFullYear();
}

let lostTimer: ReturnType<typeof setTimeout> | undefined;
function onLiveState(state: LiveState, detail: string): void {
  debug.live = state;
  debug.liveDetail = detail;
  const dot = $('#live');
  dot.dataset.state = state;
  $('#live-text').textContent = state === 'live' ? 'Trực tuyến' : 'Mất kết nối';
  clearTimeout(lostTimer);
  if (state === 'live') {
    setBanner(null);
    document.body.classList.remove('offline');
    return;
  }
  // A blink (a subscription being re-sent) is not worth alarming the room.
  lostTimer = setTimeout(() => {
    setBanner('Mất kết nối trực tuyến — đang kết nối lại…', `Số liệu có thể chưa mới nhất. ${detail}`.trim());
    document.body.classList.add('offline');
  }, 800);
}

function renderUnitSelector(unit: UnitData | null, provinces: UnitData[], params: WallParams): void {
  const host = $('#unit');
  host.replaceChildren();
  if (params.kiosk) {
    host.append(el('span', 'unit-name', unit?.name ?? params.unit));
    return;
  }
  const select = el('select', 'unit-select');
  select.setAttribute('aria-label', 'Chọn tỉnh, thành phố');
  const list = [...provinces];
  if (unit && !list.some((p) => p.code === unit.code)) list.push(unit);
  list.sort((a, b) => a.name.replace(/^(Tỉnh|Thành phố) /, '').localeCompare(b.name.replace(/^(Tỉnh|Thành phố) /, ''), 'vi'));
  for (const p of list) {
    const o = el('option', undefined, p.validTo ? `${p.name} (đến ${p.validTo.slice(0, 4)})` : p.name);
    o.value = p.code;
    o.selected = p.code === params.unit;
    select.append(o);
  }
  select.addEventListener('change', () => {
    const q = new URLSearchParams(location.search);
    q.set('unit', select.value);
    location.search = q.toString();
  });
  host.append(select);
}

let showPage: (index: number) => void = () => {};
function renderPageTabs(pages: WallPage[]): void {
  const nav = $('#tabs');
  nav.replaceChildren(
    ...pages.map((p, i) => {
      const b = el('button', 'tab', p.title);
      b.type = 'button';
      b.dataset.page = p.id;
      b.addEventListener('click', () => showPage(i));
      return b;
    }),
  );
}

function startRotation(pages: WallPage[], params: WallParams): void {
  const pageEls = [...document.querySelectorAll<HTMLElement>('.page')];
  const tabs = [...document.querySelectorAll<HTMLElement>('.tab')];
  let current = Math.max(0, pages.findIndex((p) => p.id === params.page));
  let timer: ReturnType<typeof setInterval> | undefined;
  const progress = $('#rotation-progress');
  showPage = (i: number) => {
    current = (i + pages.length) % pages.length;
    pageEls.forEach((p, j) => p.classList.toggle('active', j === current));
    tabs.forEach((t, j) => t.classList.toggle('active', j === current));
    debug.page = pages[current].id;
    document.body.dataset.page = pages[current].id;
    if (timer) restart();
  };
  const restart = () => {
    clearInterval(timer);
    progress.style.animation = 'none';
    void progress.offsetWidth;
    progress.style.animation = `rotation ${params.rotateSeconds}s linear infinite`;
    timer = setInterval(() => showPage(current + 1), params.rotateSeconds * 1000);
  };
  const rotate = params.rotateSeconds > 0 && pages.length > 1 && !params.page;
  if (rotate) restart();
  else progress.hidden = true;
  showPage(current);
}

function startClock(timeZone: string): void {
  const tick = () => {
    const c = formatClock(new Date(), timeZone);
    $('#clock-time').textContent = c.time;
    $('#clock-date').textContent = c.date;
  };
  tick();
  setInterval(tick, 1000);
}

/** Reloads the wall when the operator changes the layout file (checked every minute). */
function watchLayout(current: string): void {
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

const alerts: HTMLElement[] = [];
function pushAlert(a: AlertData, tilesOf: (code: string) => Tile[], unitNames: Map<string, string>, timeZone: string): void {
  const tile = tilesOf(a.indicatorCode)[0];
  const item = el('span', `alert status-${a.status}`);
  item.dataset.cursor = a.cursor;
  const unitName = unitNames.get(a.unitCode) ?? a.unitCode;
  const unitOfMeasure = tile?.unitOfMeasure ?? '';
  item.append(
    el('b', 'alert-time', formatUpdatedAt(new Date(a.raisedAt), new Date(), timeZone)),
    el('span', 'alert-unit', unitName),
    el('span', 'alert-name', tile?.name ?? a.indicatorCode),
    el('span', 'alert-value', formatValue(a.value, unitOfMeasure).text),
    el('span', 'alert-change', `${STATUS_LABEL[a.previousStatus] ?? a.previousStatus} → ${STATUS_LABEL[a.status] ?? a.status}`),
  );
  alerts.unshift(item);
  alerts.splice(20);
  const track = $('#ticker-track');
  track.replaceChildren(...alerts.map((x) => x.cloneNode(true)));
  // Scroll only when the alerts do not fit: duplicate them for a seamless loop.
  requestAnimationFrame(() => {
    const viewport = $('#ticker-viewport');
    const overflow = track.scrollWidth > viewport.clientWidth;
    track.classList.toggle('scrolling', overflow);
    if (overflow) {
      track.append(...alerts.map((x) => x.cloneNode(true)));
      track.style.setProperty('--duration', `${Math.max(20, track.scrollWidth / 2 / 80)}s`);
    }
  });
}

main().catch((err) => setBanner('Lỗi hiển thị màn hình', (err as Error).stack ?? String(err)));
