import type { DataSource } from 'typeorm';
import { KitCatalog } from './catalog';
import type { TargetEntity } from './entities';
import type { AdministrativeUnitEntity } from '../units/unit.entity';

const target = (year: number, unitCode: string | null, value: number) =>
  ({ indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', year, unitCode, value }) as TargetEntity;

/** A catalog with targets and a small unit tree set directly (no database). */
function catalogWith(targets: TargetEntity[]): KitCatalog {
  const c = new KitCatalog({} as DataSource);
  const units: Partial<AdministrativeUnitEntity>[] = [
    { code: '60', parentCode: null },
    { code: '594', parentCode: '60' },
  ];
  c.units = new Map(units.map((u) => [u.code!, u as AdministrativeUnitEntity]));
  (c as unknown as { targets: Map<string, TargetEntity[]> }).targets = new Map([['GOV_ONLINE_DOSSIER_RATE', targets]]);
  return c;
}

describe('KitCatalog.targetFor', () => {
  const national2025 = target(2025, null, 90);

  it('should take the target of the year, else the next year that has one', () => {
    const c = catalogWith([national2025, target(2030, null, 95)]);
    expect(c.targetFor('GOV_ONLINE_DOSSIER_RATE', 2023, '594')).toBe(national2025);
    expect(c.targetFor('GOV_ONLINE_DOSSIER_RATE', 2027, '594')?.value).toBe(95);
  });

  it('should keep the latest target in force after its year', () => {
    const c = catalogWith([target(2023, null, 85), national2025]);
    expect(c.targetFor('GOV_ONLINE_DOSSIER_RATE', 2026, '594')).toBe(national2025);
  });

  it("should prefer the unit's own target, then its province's, then the national one", () => {
    const province = target(2025, '60', 80);
    const c = catalogWith([national2025, province]);
    expect(c.targetFor('GOV_ONLINE_DOSSIER_RATE', 2024, '594')).toBe(province);
    expect(c.targetFor('GOV_ONLINE_DOSSIER_RATE', 2024, '19')).toBe(national2025);
  });

  it('should answer null for an indicator without targets', () => {
    expect(catalogWith([]).targetFor('GOV_DIGITAL_SIGNATURES', 2024, '19')).toBeNull();
  });
});
