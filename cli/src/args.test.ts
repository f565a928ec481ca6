import { UsageError, parseCommandArgs } from './args';

describe('command-line arguments', () => {
  const spec = { out: { type: 'string' }, help: { type: 'boolean' } } as const;

  it('should read values, inline values and positionals', () => {
    expect(parseCommandArgs(['f.csv', '--out', '-', '--help'], spec, 'usage')).toMatchObject({ values: { out: '-', help: true }, positionals: ['f.csv'] });
    expect(parseCommandArgs(['--out=x.csv'], spec, 'usage').values.out).toBe('x.csv');
  });

  it('should refuse an unknown option or a missing value, naming it', () => {
    expect(() => parseCommandArgs(['--outt', 'x'], spec, 'usage')).toThrow(UsageError);
    expect(() => parseCommandArgs(['--outt', 'x'], spec, 'usage')).toThrow(/--outt/);
    expect(() => parseCommandArgs(['--out'], spec, 'usage')).toThrow(/--out/);
  });

});
