import { ROLES, isRole, signAccessToken } from '@ioc-graph/kit/internal';
import { UsageError, parseArgs, stringOption } from '../args';

export const TOKEN_USAGE = `Usage: npm run token -- --role <viewer|reporter|admin> [--agency CODE] [--subject NAME] [--expires 8h]

Prints a development access token (HS256, signed with IOC_JWT_SECRET, or the development secret
when it is unset and NODE_ENV is not production). Send it as "Authorization: Bearer <token>".
A reporter writes only the indicators whose responsible agency is --agency (e.g. TCT, VPCP, BTTTT).
`;

/** `npm run token -- --role reporter --agency TCT`: prints a token on stdout, nothing else. */
export async function tokenCommand(argv: string[]): Promise<void> {
  const { options } = parseArgs(argv);
  if (options.help) {
    process.stdout.write(TOKEN_USAGE);
    return;
  }
  const role = stringOption(options, 'role') ?? 'viewer';
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"\n\n${TOKEN_USAGE}`);
  const agency = stringOption(options, 'agency');
  if (role === 'reporter' && !agency) throw new UsageError(`a reporter needs --agency (the agency whose indicators they write)\n\n${TOKEN_USAGE}`);
  const subject = stringOption(options, 'subject') ?? (agency ? `${role}@${agency}` : role);
  const token = await signAccessToken(
    { subject, roles: [role], agency: agency ?? null, expiresIn: stringOption(options, 'expires') ?? '8h' },
    process.env,
    (m) => process.stderr.write(`warning: ${m}\n`),
  );
  process.stdout.write(`${token}\n`);
}
