import type { AlertData } from './api';
import { $, el } from './dom';
import { STATUS_LABEL, formatUpdatedAt, formatValue } from './format';
import type { Tile } from './tile';

const alerts: HTMLElement[] = [];

/** Puts an alert (a change of status against target) first on the ticker; keeps the last 20. */
export function pushAlert(a: AlertData, tilesOf: (code: string) => Tile[], unitNames: Map<string, string>, timeZone: string): void {
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
