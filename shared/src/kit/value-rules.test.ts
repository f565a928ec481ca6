import { checkValue, parseValueText, roundTo, valueRulesOf } from './value-rules';

describe('parseValueText (the one rule where text becomes a value)', () => {
  it.each(['6,7', '6,700', '1,234.5', '0,5'])('should refuse %s as written with a comma', (raw) => {
    expect(parseValueText(raw)).toMatchObject({ ok: false, code: 'E_DECIMAL_COMMA' });
    expect(parseValueText(raw, false)).toMatchObject({ ok: false, code: 'E_DECIMAL_COMMA' });
  });

  it.each(['1.234.567', '2.000', '6.000.000'])('should refuse %s as dot-grouped thousands whatever the unit', (raw) => {
    expect(parseValueText(raw)).toMatchObject({ ok: false, code: 'E_DECIMAL_COMMA' });
    expect(parseValueText(raw, false)).toMatchObject({ ok: false, code: 'E_DECIMAL_COMMA' });
  });

  it('should refuse 6.700 for a count and read it as 6.7 for an indicator with fractions', () => {
    expect(parseValueText('6.700', true)).toMatchObject({ ok: false, code: 'E_DECIMAL_COMMA' });
    expect(parseValueText('6.700', false)).toEqual({ ok: true, value: 6.7 });
  });

  it.each([['6700', 6700], ['98.9', 98.9], ['-1.5', -1.5], ['1e3', 1000], ['0.125', 0.125], [' 42 ', 42]])('should read %s as %d', (raw, value) => {
    expect(parseValueText(raw)).toEqual({ ok: true, value });
  });

  it.each(['', 'abc', '1..2', 'NaN', 'Infinity', '0x10'])('should refuse "%s" as not a number', (raw) => {
    expect(parseValueText(raw).ok).toBe(false);
  });
});

describe('checkValue', () => {
  const count = valueRulesOf({ unit: 'count' });
  const pct = valueRulesOf({ unit: '%' });
  it('should refuse a fraction for a count, naming the thousands separator', () => {
    const v = checkValue(12.5, count, 'X (count)');
    expect(v).toMatchObject({ ok: false, code: 'E_NOT_INTEGER' });
    expect(!v.ok && v.reason).toMatch(/thousands separator/);
  });

  it('should refuse the string 6.700 for a count as ambiguous', () => {
    expect(checkValue('6.700', count, 'X')).toMatchObject({ ok: false, code: 'E_DECIMAL_COMMA' });
  });

  it.each([Infinity, -Infinity, NaN])('should refuse %d as not finite', (v) => {
    expect(checkValue(v, count, 'X')).toMatchObject({ ok: false, code: 'E_VALUE_FORMAT' });
  });

  it.each([1.5e308, 1e16, -1e16])('should refuse %d as beyond any value an indicator holds', (v) => {
    expect(checkValue(v, valueRulesOf({ unit: 'whatever' }), 'X')).toMatchObject({ ok: false, code: 'E_OUT_OF_RANGE' });
  });

  it('should keep a percentage within 0–100 unless the indicator says otherwise', () => {
    expect(checkValue(100.5, pct, 'X')).toMatchObject({ ok: false, code: 'E_OUT_OF_RANGE' });
    expect(checkValue(150, valueRulesOf({ unit: '%', maxValue: 1000 }), 'X')).toEqual({ ok: true, value: 150 });
    expect(checkValue(-5, valueRulesOf({ unit: '%', minValue: -100 }), 'X')).toEqual({ ok: true, value: -5 });
  });

  it('should refuse a rank below 1', () => {
    expect(checkValue(0, valueRulesOf({ unit: 'rank' }), 'X')).toMatchObject({ ok: false, code: 'E_OUT_OF_RANGE' });
  });
});

describe('roundTo', () => {
  it('should drop float noise', () => {
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(1 / 3, 4)).toBe(0.3333);
    expect(roundTo(12.5, 0)).toBe(13);
    expect(roundTo(-0.0001, 2)).toBe(0);
  });
});
