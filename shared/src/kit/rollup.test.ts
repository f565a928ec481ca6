import type { IndicatorEntity } from './entities';
import { type RollupObservation, rollUp } from './rollup';

// Province P with districts D1, D2; D2 has communes C1, C2.
const tree: Record<string, string[]> = { P: ['D1', 'D2'], D2: ['C1', 'C2'] };
const children = (c: string) => tree[c] ?? [];
const ind = (aggregation: string, extra: Partial<IndicatorEntity> = {}) => ({ code: 'X', aggregation, ...extra }) as IndicatorEntity;
const at = (s: number) => new Date(Date.UTC(2024, 0, s));
const obs = (indicatorCode: string, unitCode: string, value: number, day = 1, status = 'A'): RollupObservation =>
  ({ indicatorCode, unitCode, value, status, recordedAt: at(day) });

describe('rolling values up the unit tree', () => {
  it("should prefer the unit's own observation", () => {
    expect(rollUp(ind('SUM'), 'P', children, [obs('X', 'P', 7), obs('X', 'D1', 1)])?.value).toBe(7);
  });

  it('should add sub-units for SUM, rolling up each level first', () => {
    const r = rollUp(ind('SUM'), 'P', children, [obs('X', 'D1', 10), obs('X', 'C1', 3), obs('X', 'C2', 4)]);
    expect(r).toMatchObject({ value: 17, contributors: ['D1', 'C1', 'C2'] });
  });

  it('should take the mean of sub-units for AVERAGE', () => {
    expect(rollUp(ind('AVERAGE'), 'P', children, [obs('X', 'D1', 90), obs('X', 'D2', 70)])?.value).toBe(80);
  });

  it('should take the most recently recorded for LAST', () => {
    expect(rollUp(ind('LAST'), 'P', children, [obs('X', 'D1', 5, 3), obs('X', 'D2', 9, 2)])?.value).toBe(5);
  });

  it('should divide summed numerators by summed denominators for RATIO', () => {
    const ratio = ind('RATIO', { numeratorCode: 'N', denominatorCode: 'D', multiplier: 100 });
    const r = rollUp(ratio, 'P', children, [obs('N', 'D1', 30), obs('D', 'D1', 100), obs('N', 'D2', 60), obs('D', 'D2', 100)]);
    expect(r?.value).toBe(45); // (30 + 60) / (100 + 100), not the mean of 30 % and 60 %
  });

  it('should mark a value estimated when any contributor is, and give null when nothing below reported', () => {
    expect(rollUp(ind('SUM'), 'P', children, [obs('X', 'D1', 1), obs('X', 'D2', 2, 1, 'E')])?.status).toBe('E');
    expect(rollUp(ind('SUM'), 'P', children, [])).toBeNull();
  });
});

describe('the feed position of a roll-up', () => {
  it('should be the newest contributing observation', () => {
    const o = (u: string, v: number, seq: number) => ({ ...obs('X', u, v), seq });
    expect(rollUp(ind('SUM'), 'P', children, [o('D1', 1, 7), o('C1', 2, 42), o('C2', 3, 9)])?.seq).toBe(42);
  });
});
