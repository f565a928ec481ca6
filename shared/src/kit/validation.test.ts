import type { KitCatalog } from './catalog';
import type { IndicatorEntity } from './entities';
import type { AdministrativeUnitEntity } from '../units/unit.entity';
import { validateRows } from './validation';

const indicator = (code: string, unit: string, frequency: string) => ({ code, unit, frequency }) as IndicatorEntity;
const unitRow = (code: string, validTo: string | null = null, successorCode: string | null = null) =>
  ({ code, name: `Unit ${code}`, validTo, successorCode }) as AdministrativeUnitEntity;

/** A catalog fake: the validation reads only its maps. */
const catalog = {
  indicators: new Map([
    ['RATE', indicator('RATE', '%', 'YEARLY')],
    ['COUNT', indicator('COUNT', 'count', 'MONTHLY')],
    ['RANK', indicator('RANK', 'rank', 'YEARLY')],
  ]),
  units: new Map([
    ['19', unitRow('19')],
    ['70', unitRow('70', '2025-06-30', '75')],
  ]),
} as unknown as KitCatalog;

const now = new Date('2024-06-15T00:00:00Z');
const good = { indicatorCode: 'RATE', unitCode: '19', period: '2023', value: 50 };

describe('validateRows', () => {
  it('should keep good rows and give each bad row its field and a reason naming the row', () => {
    const { valid, problems } = validateRows(
      [
        good,
        { ...good, indicatorCode: 'NOPE' },
        { ...good, unitCode: '99' },
        { ...good, period: '2022', value: 100.5 },
        { indicatorCode: 'COUNT', unitCode: '19', period: '2023-01', value: -1 },
        { ...good, period: '2021', value: Number.NaN },
        { ...good, period: '2023-07' },
        { ...good, period: '2030' },
        { ...good },
      ],
      catalog,
      { now },
    );
    expect(valid.map((v) => v.index)).toEqual([0]);
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [1, 'indicatorCode'],
      [2, 'unitCode'],
      [3, 'value'],
      [4, 'value'],
      [5, 'value'],
      [6, 'period'],
      [7, 'period'],
      [8, 'period'],
    ]);
    expect(problems[0].reason).toMatch(/^row 2: unknown indicator "NOPE"/);
    expect(problems[7].reason).toMatch(/duplicate of row 1/);
    expect(problems[6].reason).toMatch(/in the future/);
  });

  it('should refuse a report for a unit after it ceased, naming its successor', () => {
    const { problems } = validateRows([{ ...good, unitCode: '70', period: '2026' }], catalog, { now: new Date('2027-01-01Z') });
    expect(problems[0]).toMatchObject({ field: 'unitCode' });
    expect(problems[0].reason).toMatch(/ceased on 2025-06-30; report to its successor 75/);
  });

  it('should refuse a rank that is not a whole number from 1', () => {
    const { problems } = validateRows([{ indicatorCode: 'RANK', unitCode: '19', period: '2022', value: 0 }], catalog, { now });
    expect(problems[0].field).toBe('value');
  });

  it('should ask the authoriser about each row', () => {
    const { valid, problems } = validateRows([good, { ...good, indicatorCode: 'COUNT', period: '2023-02', value: 3 }], catalog, {
      now,
      authorize: (code) => (code === 'COUNT' ? 'your agency does not report COUNT' : null),
    });
    expect(valid).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 1, field: 'indicatorCode' });
  });
});
