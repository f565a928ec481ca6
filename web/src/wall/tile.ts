import uPlot from 'uplot';
import type { IndicatorData, ReadingData } from './api';
import { STATUS_LABEL, formatChange, formatNumber, formatPeriod, formatUpdatedAt, formatValue } from './format';
import { type StaleRules, comparePeriods, isStale, periodYear } from './period';

export interface TileConfig {
  indicator: string;
  label?: string;
  digits?: number;
}

export interface TileContext {
  timeZone: string;
  stale: StaleRules;
  /** Target of the indicator for a year (cached by the wall), undefined while not known. */
  targetFor: (code: string, year: number) => number | null | undefined;
  /** Year whose target a tile without a reading shows (the layout's `targetYear`). */
  targetYear: number;
}

/** Who has not reported a tile's indicator, for which period (reporting completeness). */
export interface MissingReport {
  period: string;
  agencyCode: string;
  agencyName: string;
  /** The agency's reporting completeness for the period, when the pillar answered it. */
  received?: number;
  expected?: number;
}

const STATUS_COLOR: Record<string, string> = {
  ON_TRACK: '#34d399',
  AT_RISK: '#fbbf24',
  OFF_TRACK: '#f87171',
};
/** Without a target, the sparkline takes the pillar's colour. */
const PILLAR_COLOR: Record<string, string> = { governance: '#38bdf8', economy: '#a78bfa', society: '#f472b6' };
const PARTNER_COLOR = '#2dd4bf';

/** Compact period for the tile's footer: 2022, Q3/2023, 07/2023, 15/07/2023. */
function shortPeriod(period: string): string {
  let m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `Q${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  return /^\d{4}$/.test(period) ? period : '';
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** One indicator on the wall: big value, name, target and progress, sparkline, change, freshness. */
export class Tile {
  readonly root = el('section', 'tile');
  private readonly series = new Map<string, ReadingData>();
  private def: Omit<IndicatorData, 'series' | 'target'> | null = null;
  private plot: uPlot | null = null;
  private missing: MissingReport | null = null;
  private readonly parts = {
    label: el('h3', 'tile-label'),
    value: el('div', 'tile-value'),
    number: el('span', 'tile-number'),
    suffix: el('span', 'tile-suffix'),
    change: el('div', 'tile-change'),
    target: el('div', 'tile-target'),
    targetText: el('span', 'tile-target-text'),
    bar: el('div', 'tile-bar'),
    barFill: el('div', 'tile-bar-fill'),
    progress: el('span', 'tile-progress'),
    spark: el('div', 'tile-spark'),
    period: el('span', 'tile-period'),
    updated: el('span', 'tile-updated'),
    status: el('span', 'tile-status'),
    stale: el('span', 'tile-stale'),
    missing: el('div', 'tile-missing'),
  };

  constructor(
    readonly config: TileConfig,
    readonly pillar: string,
    private readonly ctx: TileContext,
  ) {
    const p = this.parts;
    this.root.dataset.indicator = config.indicator;
    this.root.dataset.pillar = pillar;
    const head = el('header', 'tile-head');
    head.append(p.label, p.period);
    p.value.append(p.number, p.suffix);
    p.bar.append(p.barFill);
    p.target.append(p.targetText, p.bar, p.progress, p.status);
    const foot = el('footer', 'tile-foot');
    foot.append(p.stale, p.updated);
    p.stale.title = 'Quá hạn: số liệu cũ hơn tần suất báo cáo của chỉ tiêu';
    p.stale.innerHTML =
      '<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M8 4.2V8l2.6 1.6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';
    this.root.append(head, p.value, p.change, p.target, p.spark, foot);
    p.label.textContent = config.label ?? config.indicator;
    new ResizeObserver(() => this.resizePlot()).observe(p.spark);
    new ResizeObserver(() => this.fitValue()).observe(this.root);
  }

  get code(): string {
    return this.config.indicator;
  }

  get unitOfMeasure(): string | undefined {
    return this.def?.unit;
  }

  get name(): string {
    return this.config.label ?? this.def?.name ?? this.code;
  }

  setDefinition(def: IndicatorData): void {
    const { series, target: _t, ...rest } = def;
    this.def = rest;
    if (!this.config.label) this.parts.label.textContent = def.name;
    this.root.title = def.name;
    this.series.clear();
    for (const r of series) this.series.set(r.period, r);
    this.render();
  }

  /** Names the agency that has not reported (shown while the tile has no reading). */
  setMissing(report: MissingReport | null): void {
    this.missing = report;
    this.render();
  }

  get definition(): Omit<IndicatorData, 'series' | 'target'> | null {
    return this.def;
  }

  /** A reading from the feed; true when it changed what the tile shows. */
  apply(r: ReadingData): boolean {
    const prev = this.series.get(r.period);
    if (prev && BigInt(prev.cursor || '0') >= BigInt(r.cursor || '0')) return false;
    this.series.set(r.period, r);
    this.render();
    if (this.latest() === r) {
      this.root.classList.remove('flash');
      void this.root.offsetWidth; // restart the animation
      this.root.classList.add('flash');
    }
    return true;
  }

  private sorted(): ReadingData[] {
    return [...this.series.values()].sort((a, b) => comparePeriods(a.period, b.period));
  }

  latest(): ReadingData | undefined {
    const s = this.sorted();
    return s[s.length - 1];
  }

  /** Years whose target the tile needs. */
  neededYear(fallback: number): number {
    const l = this.latest();
    return l ? periodYear(l.period, l.recordedAt) : fallback;
  }

  render(now = new Date()): void {
    const p = this.parts;
    const s = this.sorted();
    const latest = s[s.length - 1];
    const unit = this.def?.unit ?? '';
    const status = latest?.status ?? 'NO_DATA';
    this.root.dataset.status = status;
    if (!latest) {
      this.renderNoReading(unit);
      return;
    }
    p.missing.remove();
    delete this.root.dataset.missingAgency;
    const v = formatValue(latest.value, unit, this.config.digits);
    p.number.textContent = unit === 'rank' ? formatNumber(latest.value, 0) : v.number;
    p.suffix.textContent = unit === 'rank' ? 'hạng' : v.suffix;
    p.suffix.classList.toggle('before', unit === 'rank');
    if (unit === 'rank') p.value.prepend(p.suffix);
    else p.value.append(p.suffix);
    this.root.dataset.value = String(latest.value);
    this.root.dataset.period = latest.period;
    this.root.dataset.cursor = latest.cursor;
    this.root.dataset.points = String(s.length);

    const prev = s[s.length - 2];
    if (prev) {
      const delta = latest.value - prev.value;
      const better = this.def?.direction === 'LOWER_IS_BETTER' ? delta < 0 : delta > 0;
      const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '■';
      p.change.textContent = `${arrow} ${formatChange(delta, unit)} so với ${shortPeriod(prev.period) || formatPeriod(prev.period, this.ctx.timeZone)}`;
      p.change.title = `So với ${formatPeriod(prev.period, this.ctx.timeZone)}`;
      p.change.className = `tile-change ${delta === 0 ? 'flat' : better ? 'good' : 'bad'}`;
    } else {
      p.change.textContent = 'Kỳ đầu tiên';
      p.change.className = 'tile-change none';
    }

    const year = periodYear(latest.period, latest.recordedAt);
    this.renderTarget(latest.value, this.ctx.targetFor(this.code, year) ?? null, unit);

    p.period.textContent = shortPeriod(latest.period);
    p.period.title = formatPeriod(latest.period, this.ctx.timeZone);
    p.updated.textContent = `cập nhật lúc ${formatUpdatedAt(new Date(latest.recordedAt), now, this.ctx.timeZone)}`;
    p.status.textContent = latest.status === 'NO_TARGET' ? '' : (STATUS_LABEL[latest.status] ?? latest.status);
    const stale = this.def ? isStale(latest.period, latest.recordedAt, this.def.frequency, this.ctx.stale, now) : false;
    this.root.classList.toggle('stale', stale);
    this.renderPlot(s.map((r) => r.value));
    this.fitValue();
  }

  /**
   * No reading yet: the value is a dash, but the tile says who has not reported for which period
   * (as DHIS2's reporting rate does) and shows the target that applies (national when the province
   * has none of its own).
   */
  private renderNoReading(unit: string): void {
    const p = this.parts;
    const m = this.missing;
    p.number.textContent = '—';
    p.suffix.textContent = '';
    // The period chip in the header says which period is missing; the sentence stays short.
    p.change.textContent = 'Chưa có số liệu';
    p.change.title = m ? `Chưa có số liệu kỳ ${formatPeriod(m.period, this.ctx.timeZone)}` : '';
    p.change.className = 'tile-change none';
    p.period.textContent = m ? shortPeriod(m.period) : '';
    p.updated.textContent = '';
    p.status.textContent = '';
    this.root.classList.remove('stale');
    this.renderTarget(null, this.ctx.targetFor(this.code, this.ctx.targetYear) ?? null, unit);
    this.renderPlot([]);
    delete this.root.dataset.value;
    if (!m) {
      p.missing.remove();
      delete this.root.dataset.missingAgency;
      return;
    }
    const rate = m.expected ? ` — đã nhận ${m.received ?? 0}/${m.expected} báo cáo của kỳ` : '';
    p.missing.textContent = `Chưa báo cáo: ${m.agencyName}`;
    p.missing.title = `${m.agencyName} (${m.agencyCode}) chưa báo cáo kỳ ${m.period}${rate}`;
    this.root.dataset.missingAgency = m.agencyCode;
    if (!p.missing.isConnected) p.spark.append(p.missing);
  }

  /** Shrinks the big number until it fits its tile (6.700 fits at full size, 230.000 Mbps may not). */
  private fitValue(): void {
    const v = this.parts.value;
    const n = this.parts.number;
    v.style.fontSize = '';
    for (let scale = 1, i = 0; i < 10 && n.scrollWidth > n.clientWidth + 1; i++) {
      scale *= 0.9;
      v.style.fontSize = `${scale}rem`;
    }
  }

  private renderTarget(value: number | null, target: number | null, unit: string): void {
    const p = this.parts;
    if (target === null) {
      p.target.classList.add('none');
      p.targetText.textContent = 'Chưa có mục tiêu';
      p.progress.textContent = '';
      p.barFill.style.width = '0';
      return;
    }
    p.target.classList.remove('none');
    p.targetText.textContent = `Mục tiêu ${formatValue(target, unit).text}`;
    if (value === null) {
      p.progress.textContent = '';
      p.barFill.style.width = '0';
      return;
    }
    const lower = this.def?.direction === 'LOWER_IS_BETTER';
    const ratio = lower ? (value <= 0 ? 1 : target / value) : target === 0 ? 1 : value / target;
    p.progress.textContent = `${formatNumber(ratio * 100, 0)} %`;
    p.barFill.style.width = `${Math.max(0, Math.min(1, ratio)) * 100}%`;
  }

  private renderPlot(values: number[]): void {
    const color = STATUS_COLOR[this.root.dataset.status ?? ''] ?? PILLAR_COLOR[this.pillar] ?? PARTNER_COLOR;
    const xs = values.map((_, i) => i);
    const data: uPlot.AlignedData = [xs, values];
    if (!values.length) {
      this.plot?.destroy();
      this.plot = null;
      return;
    }
    if (this.plot && this.plot.series[1].stroke && this.root.dataset.plotColor === color) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.root.dataset.plotColor = color;
    const { width, height } = this.plotSize();
    this.plot = new uPlot(
      {
        width,
        height,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: false }, y: { range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min - (max - min) * 0.1, max + (max - min) * 0.1]) } },
        axes: [{ show: false }, { show: false }],
        series: [
          {},
          {
            stroke: color,
            // Scale with the wall (the root size is 16 px at 1080p, 32 px at 2160p).
            width: 3 * (parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1),
            fill: `${color}33`,
            points: { show: (u) => u.data[0].length <= 12, size: 7 * (parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1), fill: color, stroke: color },
          },
        ],
      },
      data,
      this.parts.spark,
    );
  }

  private plotSize() {
    const r = this.parts.spark.getBoundingClientRect();
    return { width: Math.max(40, Math.floor(r.width)), height: Math.max(20, Math.floor(r.height)) };
  }

  private resizePlot(): void {
    if (this.plot) this.plot.setSize(this.plotSize());
  }
}
