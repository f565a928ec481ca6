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
