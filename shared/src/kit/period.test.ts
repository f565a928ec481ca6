import { Frequency } from './graphql/enums';
import { isFuture, parsePeriod, periodArgument, provinceCalendar } from './period';

describe('parsePeriod', () => {
  it.each([
    ['2023', Frequency.YEARLY, '2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
    ['2023-Q3', Frequency.QUARTERLY, '2023-07-01T00:00:00.000Z', '2023-10-01T00:00:00.000Z'],
    ['2023-07', Frequency.MONTHLY, '2023-07-01T00:00:00.000Z', '2023-08-01T00:00:00.000Z'],
    ['2023-12-31', Frequency.DAILY, '2023-12-31T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
    ['2024-02-29', Frequency.DAILY, '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2000-02-29', Frequency.DAILY, '2000-02-29T00:00:00.000Z', '2000-03-01T00:00:00.000Z'],
  ])('should read %s as a %s period with its span', (text, frequency, start, end) => {
    const p = parsePeriod(text)!;
    expect(p.frequency).toBe(frequency);
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
  });

  it('should read a timestamp as a live period in UTC', () => {
    const p = parsePeriod('2024-05-01T08:30:00+07:00')!;
    expect(p.frequency).toBe(Frequency.LIVE);
    expect(p.text).toBe('2024-05-01T01:30:00.000Z');
  });

  it.each([
    ['2024-05-01T08:30:00.123456789+07:00', '2024-05-01T01:30:00.123Z'],
    ['2024-05-01T08:30:00.1Z', '2024-05-01T08:30:00.100Z'],
    ['2024-05-01t08:30:00z', '2024-05-01T08:30:00.000Z'],
    ['2024-02-29T23:59:59-05:30', '2024-03-01T05:29:59.000Z'],
    ['2024-05-01T08:30+07:00', '2024-05-01T01:30:00.000Z'],
  ])('should accept the RFC 3339 timestamp %s', (text, iso) => {
    expect(parsePeriod(text)?.text).toBe(iso);
  });

  it.each([
    '2023-13', '2023-00', '2023-Q5', '2023-Q0', '2023-02-30', '2023-02-29', '1900-02-29', '2023-04-31', '2023-06-00',
    '0000', '23', '2023/07', '', 'Q3-2023', '2023-W05',
    '2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-04-31T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:60:00Z',
    '2024-01-01T10:00:60Z', '2024-01-01T10:00:00+24:00', '2024-01-01T10:00:00+07:60', '2024-01-01T10:00:00', '2024-01-01T10:00:00.1234567890Z',
  ])('should refuse "%s" (no roll-over into another date)', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});

describe('the province day', () => {
  it("should read 00:00–07:00 in Ho Chi Minh City as the province's next day", () => {
    expect(provinceCalendar(new Date('2024-06-14T18:30:00Z')).toISOString()).toBe('2024-06-15T01:30:00.000Z');
  });

  it("should not call a reporter's today the future at 01:30 local time", () => {
    const now = new Date('2024-06-14T18:30:00Z'); // 2024-06-15 01:30 in the province
    expect(isFuture(parsePeriod('2024-06-15')!, now)).toBe(false);
    expect(isFuture(parsePeriod('2024-06-16')!, now)).toBe(true);
    expect(isFuture(parsePeriod('2024-06')!, now)).toBe(false);
  });

  it('should compare a timestamp with the instant, not the calendar', () => {
    const now = new Date('2024-06-14T18:30:00Z');
    expect(isFuture(parsePeriod('2024-06-15T01:29:00+07:00')!, now)).toBe(false);
    expect(isFuture(parsePeriod('2024-06-15T01:31:00+07:00')!, now)).toBe(true);
  });
});

describe('periodArgument', () => {
  it('should give null for an absent argument and the period for a valid one', () => {
    expect(periodArgument('from', null)).toBeNull();
    expect(periodArgument('from', '2023')?.start.toISOString()).toBe('2023-01-01T00:00:00.000Z');
  });

  it.each(['2023-13', '2023-02-30', 'yesterday'])('should refuse %s as BAD_USER_INPUT naming the argument', (text) => {
    expect(() => periodArgument('from', text)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(() => periodArgument('from', text)).toThrow(/^from: /);
  });
});
