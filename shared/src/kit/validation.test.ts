import type { KitCatalog } from './catalog';
import type { IndicatorEntity } from './entities';
import type { AdministrativeUnitEntity } from '../units/unit.entity';
import { validateRows } from './validation';

const indicator = (code: string, unit: string, frequency: string) => ({ code, unit, frequency }) as IndicatorEntity;
const unitRow = (code: string, validTo: string | null = null, successorCode: string | null = null, validFrom = '2008-08-01') =>
  ({ code, name: `Unit ${code}`, validFrom, validTo, successorCode }) as AdministrativeUnitEntity;

/** A catalog fake: the validation reads only its maps. */
const catalog = {
  indicators: new Map([
    ['RATE', indicator('RATE', '%', 'YEARLY')],
    ['COUNT', indicator('COUNT', 'count', 'MONTHLY')],
    ['RANK', indicator('RANK', 'rank', 'YEARLY')],
    ['DAILY', indicator('DAILY', 'count', 'DAILY')],
    ['LIVE', indicator('LIVE', 'Mbps', 'LIVE')],
  ]),
  units: new Map([
    ['19', unitRow('19')],
    ['70', unitRow('70', '2025-06-30', '75')],
  ]),
} as unknown as KitCatalog;

const now = new Date('2024-06-15T00:00:00Z');
const good = { indicatorCode: 'RATE', unitCode: '19', period: '2023', value: 50 };

describe('validateRows', () => {
  it('should keep good rows and give each bad row its field, a code and a reason without a row prefix', () => {
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
    expect(problems.map((p) => p.code)).toEqual([
      'E_UNKNOWN_INDICATOR', 'E_UNKNOWN_UNIT', 'E_OUT_OF_RANGE', 'E_OUT_OF_RANGE', 'E_VALUE_FORMAT', 'E_PERIOD_FORMAT', 'E_PERIOD_FUTURE', 'E_DUPLICATE',
    ]);
    expect(problems[0].reason).toBe('unknown indicator "NOPE"');
    expect(problems[7].reason).toMatch(/^duplicate of the row at index 0 /);
    expect(problems[6].reason).toMatch(/in the future/);
  });

  it('should refuse a report for a unit after it ceased, naming its successor', () => {
    const { problems } = validateRows([{ ...good, unitCode: '70', period: '2026' }], catalog, { now: new Date('2027-01-01Z') });
    expect(problems[0]).toMatchObject({ field: 'unitCode', code: 'E_UNIT_NOT_VALID' });
    expect(problems[0].reason).toMatch(/ceased on 2025-06-30; report to its successor 75/);
  });

  it('should refuse a period before the unit existed and keep the year it ceased readable', () => {
    const { valid, problems } = validateRows(
      [{ ...good, period: '1000' }, { ...good, period: '2007' }, { ...good, period: '2008' }, { ...good, unitCode: '70', period: '2025' }],
      catalog, { now: new Date('2026-03-01Z') },
    );
    expect(problems.map((p) => [p.index, p.code])).toEqual([[0, 'E_UNIT_NOT_VALID'], [1, 'E_UNIT_NOT_VALID']]);
    expect(problems[0].reason).toMatch(/exists from 2008-08-01/);
    expect(valid.map((v) => v.index)).toEqual([2, 3]);
  });

  it('should refuse impossible dates in every period form', () => {
    const { problems } = validateRows(
      [
        { indicatorCode: 'DAILY', unitCode: '19', period: '2023-02-29', value: 1 },
        { indicatorCode: 'COUNT', unitCode: '19', period: '2023-13', value: 1 },
        { indicatorCode: 'LIVE', unitCode: '19', period: '2024-02-30T10:00:00Z', value: 1 },
      ],
      catalog, { now },
    );
    expect(problems.map((p) => p.code)).toEqual(['E_PERIOD_FORMAT', 'E_PERIOD_FORMAT', 'E_PERIOD_FORMAT']);
  });

  it("should accept the reporter's today between 00:00 and 07:00 in the province", () => {
    const early = new Date('2024-06-14T18:30:00Z'); // 2024-06-15 01:30 in Ho Chi Minh City
    const { valid, problems } = validateRows([{ indicatorCode: 'DAILY', unitCode: '19', period: '2024-06-15', value: 3 }], catalog, { now: early });
    expect(problems).toEqual([]);
    expect(valid).toHaveLength(1);
  });

  it('should refuse fractions and decimal-comma text for a count, with a code that says so', () => {
    const { problems } = validateRows(
      [
        { indicatorCode: 'COUNT', unitCode: '19', period: '2023-01', value: 12.5 },
        { indicatorCode: 'COUNT', unitCode: '19', period: '2023-02', value: '6,7' },
        { indicatorCode: 'COUNT', unitCode: '19', period: '2023-03', value: '6.700' },
      ],
      catalog, { now },
    );
    expect(problems.map((p) => p.code)).toEqual(['E_NOT_INTEGER', 'E_DECIMAL_COMMA', 'E_DECIMAL_COMMA']);
  });

  it('should normalise text to NFC and refuse what cannot be stored before the write', () => {
    const { valid, problems } = validateRows(
      [
        { ...good, source: 'Sở Thông tin'.normalize('NFD') },
        { ...good, period: '2022', source: 'x'.repeat(501) },
        { ...good, period: '2021', source: 'bad\u0000byte' },
        { ...good, period: '2020', unitCode: '1'.repeat(65) },
      ],
      catalog, { now },
    );
    expect(valid[0].draft.source).toBe('Sở Thông tin'.normalize('NFC'));
    expect(problems.map((p) => [p.field, p.code])).toEqual([['source', 'E_TOO_LONG'], ['source', 'E_INVALID_TEXT'], ['unitCode', 'E_TOO_LONG']]);
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
    expect(problems[0]).toMatchObject({ index: 1, field: 'indicatorCode', code: 'E_FORBIDDEN' });
  });
});
