import { type ParseArgsConfig, parseArgs as parseNodeArgs } from 'node:util';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {}


/**
 * A command's options, parsed strictly by Node's `util.parseArgs`: an unknown option or a missing
 * value is a {@link UsageError} naming it (exit code 2), with `usage` appended.
 */
export function parseCommandArgs<const O extends OptionSpecs>(
  argv: string[],
  options: O,
  usage: string,
): ReturnType<typeof parseNodeArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseNodeArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\n\n${usage}`);
  }
}

/**
 * `--name value`, `--name=value` and `--flag` options after a command, plus the positional
 * arguments, for commands without a declared option list (tokenised by `util.parseArgs`).
 */
export function parseArgs(argv: string[]): { options: Record<string, string | true>; positional: string[] } {
  const { tokens } = parseNodeArgs({ args: argv, strict: false, allowPositionals: true, tokens: true });
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'option') {
      const next = tokens[i + 1];
      if (t.value !== undefined) options[t.name] = t.value;
      else if (next?.kind === 'positional' && next.index === t.index + 1) {
        options[t.name] = next.value;
        i++;
      } else options[t.name] = true;
    } else if (t.kind === 'positional') positional.push(t.value);
  }
  return { options, positional };
}

export function stringOption(options: Record<string, string | true>, name: string): string | undefined {
  const v = options[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}
