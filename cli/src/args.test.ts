import { UsageError, parseArgs, parseCommandArgs } from './args';

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

  it('should keep the loose form for commands without an option list', () => {
    expect(parseArgs(['--role', 'reporter', '--agency=TCT', '--dry', 'file'])).toEqual({
      options: { role: 'reporter', agency: 'TCT', dry: 'file' },
      positional: [],
    });
    expect(parseArgs(['a', '--flag'])).toEqual({ options: { flag: true }, positional: ['a'] });
  });
});
