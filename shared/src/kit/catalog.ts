import type { DataSource } from 'typeorm';
import { AdministrativeUnitEntity } from '../units/unit.entity';
import { IndicatorEntity, TargetEntity } from './entities';
import { Direction, TargetStatus } from './graphql/enums';
import { statusAgainstTarget } from './status';

/**
 * Definitions, targets and the unit tree, held in memory: they are small, read on every reading,
 * and change only through seeding or administration (call {@link KitCatalog.reload} then).
 */
export class KitCatalog {
  indicators = new Map<string, IndicatorEntity>();
  units = new Map<string, AdministrativeUnitEntity>();
  children = new Map<string, string[]>();
  private targets = new Map<string, TargetEntity[]>();
  /** {@link targetFor} answers (indicator, year, unit), until the next reload: read for every reading. */
  private targetCache = new Map<string, TargetEntity | null>();

  constructor(private readonly ds: DataSource) {}

  async reload(): Promise<void> {
    const [indicators, targets, units] = await Promise.all([
      this.ds.getRepository(IndicatorEntity).find({ order: { code: 'ASC' } }),
      this.ds.getRepository(TargetEntity).find(),
      this.ds.getRepository(AdministrativeUnitEntity).find(),
    ]);
    this.indicators = new Map(indicators.map((i) => [i.code, i]));
    this.targetCache = new Map();
    this.targets = new Map();
    for (const t of targets) {
      const list = this.targets.get(t.indicatorCode) ?? [];
      list.push(t);
      this.targets.set(t.indicatorCode, list);
    }
    this.units = new Map(units.map((u) => [u.code, u]));
    this.children = new Map();
    for (const u of units) {
      if (!u.parentCode) continue;
      const list = this.children.get(u.parentCode) ?? [];
      list.push(u.code);
      this.children.set(u.parentCode, list);
    }
  }

  /** The unit and its ancestors, nearest first. */
  unitChain(unitCode: string): string[] {
    const chain: string[] = [];
    for (let u = this.units.get(unitCode); u && chain.length < 8; u = u.parentCode ? this.units.get(u.parentCode) : undefined) {
      chain.push(u.code);
    }
    return chain;
  }

  /** Every unit below this one (children, their children…), nearest first. */
  descendants(unitCode: string): string[] {
    const out: string[] = [];
    const queue = [...(this.children.get(unitCode) ?? [])];
    while (queue.length && out.length < 100_000) {
      const c = queue.shift()!;
      out.push(c);
      queue.push(...(this.children.get(c) ?? []));
    }
    return out;
  }

  /** Units this one succeeded (merged into it), and theirs, transitively. */
  predecessors(unitCode: string): string[] {
    const out: string[] = [];
    const seen = new Set([unitCode]);
    const queue = [unitCode];
    while (queue.length) {
      const code = queue.shift()!;
      for (const u of this.units.values()) {
        if (u.successorCode === code && !seen.has(u.code)) {
          seen.add(u.code);
          out.push(u.code);
          queue.push(u.code);
        }
      }
    }
    return out;
  }

  /**
   * The target that applies to a unit in a year: the unit's own, else its nearest ancestor's, else
   * the national one; for a year with none, the next year that has one (the goal being worked to),
   * else the latest earlier one (a goal stays in force until a new one is set: 749/QĐ-TTg's 2025
   * targets still apply in 2026).
   */
  targetFor(indicatorCode: string, year: number, unitCode?: string | null): TargetEntity | null {
    const list = this.targets.get(indicatorCode);
    if (!list?.length) return null;
    const key = `${indicatorCode}\u0000${year}\u0000${unitCode ?? ''}`;
    let found = this.targetCache.get(key);
    if (found === undefined) {
      found = this.findTarget(list, year, unitCode);
      if (this.targetCache.size >= 100_000) this.targetCache.clear();
      this.targetCache.set(key, found);
    }
    return found;
  }

  private findTarget(list: TargetEntity[], year: number, unitCode?: string | null): TargetEntity | null {
    const scopes: (string | null)[] = [...(unitCode ? this.unitChain(unitCode) : []), null];
    for (const scope of scopes) {
      const inScope = list.filter((t) => t.unitCode === scope);
      const ahead = inScope.filter((t) => t.year >= year).sort((a, b) => a.year - b.year);
      if (ahead.length) return ahead[0];
      const before = inScope.sort((a, b) => b.year - a.year);
      if (before.length) return before[0];
    }
    return null;
  }

  /** Whether any target exists for the indicator (without one, its status is always NO_TARGET). */
  hasTargets(indicatorCode: string): boolean {
    return !!this.targets.get(indicatorCode)?.length;
  }

  statusOf(indicatorCode: string, unitCode: string, year: number, value: number): TargetStatus {
    const ind = this.indicators.get(indicatorCode);
    if (!ind) return TargetStatus.NO_TARGET;
    const target = this.targetFor(indicatorCode, year, unitCode);
    return statusAgainstTarget(value, target?.value, ind.direction as Direction);
  }
}
