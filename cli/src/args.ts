/** `--name value` and `--flag` options after a command, plus the positional arguments. */
export function parseArgs(argv: string[]): { options: Record<string, string | true>; positional: string[] } {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) options[name] = inline;
      else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) options[name] = argv[++i];
      else options[name] = true;
    } else positional.push(a);
  }
  return { options, positional };
}

export class UsageError extends Error {}

export function stringOption(options: Record<string, string | true>, name: string): string | undefined {
  const v = options[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}
