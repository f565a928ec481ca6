import { Frequency } from './graphql/enums';
import { parsePeriod } from './period';

describe('parsePeriod', () => {
  it.each([
    ['2023', Frequency.YEARLY, '2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
    ['2023-Q3', Frequency.QUARTERLY, '2023-07-01T00:00:00.000Z', '2023-10-01T00:00:00.000Z'],
    ['2023-07', Frequency.MONTHLY, '2023-07-01T00:00:00.000Z', '2023-08-01T00:00:00.000Z'],
    ['2023-12-31', Frequency.DAILY, '2023-12-31T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
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

  it.each(['2023-13', '2023-Q5', '2023-02-30', '23', '2023/07', '', 'Q3-2023'])('should refuse "%s"', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});
