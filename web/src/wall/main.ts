import 'uplot/dist/uPlot.min.css';
import './wall.css';
import { discoverLiveFields, loadUnits } from './api';
import { setBanner, untilOk } from './banner';
import { debug } from './debug';
import { $ } from './dom';
import { renderUnitSelector, startClock } from './header';
import { fetchLayout, readParams, watchLayout } from './layout';
import { Wall, assumedFields } from './wall';

/**
 * The IOC wall: the layout, the header, then a {@link Wall} for the chosen unit. The parts:
 * layout.ts (the operator's file), header.ts (clock, unit, live dot), wall.ts (pages and pillars),
 * pillar.ts (one pillar's data and feed), board.ts and tile.ts (what is drawn), deck.ts (pages and
 * rotation), graph-watch.ts (pillars joining and leaving), live.ts (the socket).
 */
async function main(): Promise<void> {
  const graphql = new URL('/graphql', location.href).toString();
  const { layout, text: layoutText } = await untilOk('bố cục màn hình', fetchLayout);
  const params = readParams(layout);
  document.body.classList.toggle('kiosk', params.kiosk);
  $('#title').textContent = layout.title ?? 'Trung tâm điều hành thông minh';
  watchLayout(layoutText);
  startClock(layout.timeZone ?? 'Asia/Ho_Chi_Minh');

  const [{ unit, provinces }, discovered] = await untilOk('dữ liệu', () =>
    Promise.all([loadUnits(graphql, params.unit), discoverLiveFields(graphql)]),
  );
  renderUnitSelector(unit, provinces, params);
  if (!unit) {
    setBanner(`Không có đơn vị hành chính mã "${params.unit}"`, 'Chọn tỉnh ở góc trên.');
    return;
  }
  document.title = `IOC — ${unit.name}`;

  const wall = new Wall(layout, params, unit);
  wall.sync(discovered.length ? discovered : assumedFields(layout));
  await wall.firstLoad();
  debug.ready = true;
  document.body.dataset.ready = 'true';
}

main().catch((err) => setBanner('Lỗi hiển thị màn hình', (err as Error).message));
