import type { UnitData } from './api';
import { setBanner } from './banner';
import { debug } from './debug';
import { $, el } from './dom';
import { formatClock } from './format';
import type { WallParams } from './layout';
import type { LiveState } from './live';

/** The header's clock, in the wall's time zone. */
export function startClock(timeZone: string): void {
  const tick = () => {
    const c = formatClock(new Date(), timeZone);
    $('#clock-time').textContent = c.time;
    $('#clock-date').textContent = c.date;
  };
  tick();
  setInterval(tick, 1000);
}

let lostTimer: ReturnType<typeof setTimeout> | undefined;
/** The live dot, and the banner when the connection stays lost. */
export function showLiveState(state: LiveState, detail: string): void {
  debug.live = state;
  debug.liveDetail = detail;
  $('#live').dataset.state = state;
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

/** The province selector (a name only in kiosk mode). */
export function renderUnitSelector(unit: UnitData | null, provinces: UnitData[], params: WallParams): void {
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
  const bare = (name: string) => name.replace(/^(Tỉnh|Thành phố) /, '');
  list.sort((a, b) => bare(a.name).localeCompare(bare(b.name), 'vi'));
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
